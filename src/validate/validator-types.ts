/** The subset of ajv's ErrorObject that the mapper reads (the validator is generated, ajv is not loaded). */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
  readonly propertyName?: string;
  readonly schema?: unknown;
  readonly parentSchema?: SchemaNode;
  readonly data?: unknown;
}

export interface SchemaNode {
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly $ref?: string;
  readonly if?: SchemaNode;
  readonly patternProperties?: Readonly<Record<string, SchemaNode>>;
}

export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly SchemaError[] | null;
}
