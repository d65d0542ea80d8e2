import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const read = (file: string): string => readFileSync(path.join(__dirname, '..', '..', file), 'utf8');

/** The README section that starts at `heading`, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.match(/^#+/)![0];
  const rest = text.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('the first hour, from the README and help alone', () => {
  // Each of these runs the app (synthesis) before it does anything; cdktf 0.21 `list`, `diff`, `deploy`, `destroy`.
  const synthesizing = ['synth', 'list', 'diff', 'deploy', 'destroy'];

  it('says which cdktf commands synthesize over the output, in the README and in help', () => {
    const own = section(read('README.md'), '## Your own config');
    const help = read('help');
    for (const command of synthesizing) {
      expect(own).toMatch(new RegExp(`\`(cdktf )?${command}\``));
      expect(help).toMatch(new RegExp(`\\b${command}\\b[^\\n]*(\\n {30}[^\\n]*)*synthesize`));
    }
    expect(own).toContain('cdktf.out/config.json');
  });

  it('says how to point cdktf itself at the provider mirror offline', () => {
    const offline = section(read('README.md'), '### Offline');
    expect(offline).toMatch(
      /export TF_CLI_CONFIG_FILE=\/tmp\/offline\.tfrc\n.*npm run validate.*\n(INFRA_CONFIG=\S+ )?npx cdktf deploy/,
    );
    expect(read('help')).toMatch(/offline, cdktf needs TF_CLI_CONFIG_FILE/);
  });
});
