import { TerraformElement } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * A `moved` block: Terraform moves the state at `from` to `to` instead of destroying one and creating the other.
 * Written as its own element rather than with cdktf's `moveFromId`: a stack holding a `moveFromId` gets a validation
 * that runs `terraform version` at every synthesis, one process per stack, and fails synthesis outright where no
 * terraform binary is installed (a job that only synthesizes for Terraform Cloud). Terraform >= 1.1 reads `moved`;
 * the stacks require 1.11.
 */
export class MovedBlock extends TerraformElement {
  constructor(scope: Construct, id: string, private readonly move: { readonly from: string; readonly to: string }) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return { moved: [{ to: this.move.to, from: this.move.from }] };
  }

  override toHclTerraform(): Record<string, unknown> {
    const reference = (value: string) => ({ value, isBlock: false, type: 'simple', storageClassType: 'reference' });
    return { moved: [{ to: reference(this.move.to), from: reference(this.move.from) }] };
  }
}
