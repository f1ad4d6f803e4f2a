/** Where the Authentik blueprint is written: the emitter writes it there, the runbook tells the operator to apply it from there. */
export const authentikOutputPath = 'authentik/perfect-gen.blueprint.yaml';
