/** Generates the TypeScript types of the config from its JSON schema (see config-types.mjs). */
export declare function configTypes(schema: unknown): string;
