import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TIERS } from '../src/registry/tiers';

const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? sourceFiles(file) : file.endsWith('.ts') ? [file] : [];
  });
}

/** `src/<folder>` of a file (`src` itself for the files at its top). */
const folderOf = (file: string): string => path.relative(SRC, file).split(path.sep).slice(0, -1)[0] ?? '.';

/** Relative imports of every source file (type-only ones included: they are dependencies too), as folder edges. */
function folderEdges(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const from = folderOf(file);
      const to = folderOf(path.resolve(path.dirname(file), `${specifier}.ts`));
      if (from === to) continue;
      const targets = edges.get(from) ?? new Map<string, string[]>();
      targets.set(to, [...(targets.get(to) ?? []), path.relative(SRC, file)]);
      edges.set(from, targets);
    }
  }
  return edges;
}

/** Every folder cycle, each as the path around it (`a -> b -> a`). */
function cycles(edges: Map<string, Map<string, string[]>>): string[] {
  const found = new Set<string>();
  const visit = (folder: string, trail: string[]) => {
    for (const next of edges.get(folder)?.keys() ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) {
        const cycle = trail.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]);
        found.add([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]].join(' -> '));
      } else {
        visit(next, [...trail, next]);
      }
    }
  };
  for (const folder of edges.keys()) visit(folder, [folder]);
  return [...found].sort();
}

/** The code of a file without its comments and the text of its strings' prose (a tier may be named in a sentence). */
function code(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

const SHARED = ['stacks', 'operations', 'config', 'policy', 'registry', 'tiers'];
const TIER_FOLDERS = new Set(TIERS.map((tier) => tier.name));
const SECTIONS = TIERS.flatMap((tier) => Object.keys(tier.sections));

/** Imports from a tier folder into another tier's folder of anything but its `tier.ts` (its published API). */
function tierInternalsImported(files: readonly string[]): string[] {
  return files
    .filter((file) => TIER_FOLDERS.has(folderOf(file)))
    .flatMap((file) => {
      const from = folderOf(file);
      return [...readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)].flatMap(([, specifier]) => {
        const target = path.resolve(path.dirname(file), `${specifier}.ts`);
        const to = folderOf(target);
        const module = path.relative(SRC, target).replace(/\.ts$/, '').split(path.sep).join('/');
        if (to === from || !TIER_FOLDERS.has(to) || module === `${to}/tier`) return [];
        return [`${path.relative(SRC, file)} imports ${module}`];
      });
    });
}

describe('architecture', () => {
  const edges = folderEdges();

  it('has no import cycle between folders of src', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('finds a cycle when there is one (the check above can fail)', () => {
    const planted = new Map(edges);
    planted.set('tiers', new Map([...(edges.get('tiers') ?? []), ['database', ['tiers/tier.ts']]]));
    expect(cycles(planted)).toContain('database -> tiers -> database');
  });

  it('keeps tier folders to the contract and the tiers they require: nothing of the registry, stacks or operations', () => {
    const reached = [...edges].flatMap(([from, targets]) =>
      TIER_FOLDERS.has(from)
        ? [...targets.keys()]
            .filter((to) => ['registry', 'stacks', 'operations', 'config', '.'].includes(to))
            .map((to) => `${from} -> ${to}`)
        : [],
    );
    expect(reached).toEqual([]);
  });

  it('lets a tier folder import another tier folder only through its tier.ts (its published API)', () => {
    expect(tierInternalsImported(sourceFiles(SRC))).toEqual([]);
  });

  it('names no tier in shared code: no import of a tier folder, no tier section read, no tier name as a string', () => {
    const offences = sourceFiles(SRC)
      .filter(
        (file) =>
          SHARED.includes(folderOf(file)) &&
          !path.relative(SRC, file).startsWith(`policy${path.sep}rules${path.sep}`) &&
          path.relative(SRC, file) !== path.join('registry', 'tiers.ts'),
      )
      .flatMap((file) => {
        const text = code(file);
        const relative = path.relative(SRC, file);
        return [
          ...[...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)]
            .map(([, specifier]) => folderOf(path.resolve(path.dirname(file), `${specifier}.ts`)))
            .filter((folder) => TIER_FOLDERS.has(folder) || folder === 'cdn')
            .map((folder) => `${relative} imports ${folder}/`),
          ...SECTIONS.filter((section) => new RegExp(`\\.${section}\\b(?!\\()`).test(text)).map(
            (section) => `${relative} reads .${section}`,
          ),
          ...[...TIER_FOLDERS]
            .filter((name) => text.includes(`'${name}'`))
            .map((name) => `${relative} names '${name}'`),
        ];
      });
    expect(offences).toEqual([]);
  });
});

describe('README Layout', () => {
  it('lists every folder of src', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const layout = readme.split('\n## Layout\n')[1].split('\n## ')[0];
    const folders = readdirSync(SRC).filter((entry) => statSync(path.join(SRC, entry)).isDirectory());
    expect(folders.filter((folder) => !layout.includes(`src/${folder}/`))).toEqual([]);
  });
});

describe('errors', () => {
  it('refuse with a named error, never a bare Error', () => {
    const bare = sourceFiles(SRC)
      .filter((file) => /throw new Error\(/.test(code(file)))
      .map((file) => path.relative(SRC, file));
    expect(bare).toEqual([]);
  });
});

describe('scripts and bench', () => {
  it('import nothing from the tests', () => {
    const root = path.join(__dirname, '..');
    const files = ['scripts', 'bench'].flatMap((dir) => sourceFiles(path.join(root, dir)));
    expect(
      files
        .filter((file) => /from '[^']*__tests__\//.test(readFileSync(file, 'utf8')))
        .map((file) => path.relative(root, file)),
    ).toEqual([]);
  });
});

describe('ARNs', () => {
  it('are built in the partition of their region: no string starts with a literal arn:aws:', () => {
    const literal = sourceFiles(SRC).flatMap((file) =>
      [...code(file).matchAll(/['"`]arn:aws:[^'"`\n]*/g)].map((match) => `${path.relative(SRC, file)}: ${match[0]}`),
    );
    expect(literal).toEqual([]);
  });
});
