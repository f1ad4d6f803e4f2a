// Types for dev dependencies that ship none. Ambient file: no top-level import/export.

declare module 'js-hcl-parser' {
  /** GopherJS build of hashicorp/hcl v1, the parser Vault and OpenBao read agent configs with. */
  const hcl: {
    /** HCL (or JSON) text to indented JSON text; on failure, a message starting with "unable to". */
    parse(input: string): string;
    /** JSON text to HCL text; on failure, a message starting with "unable to". */
    stringify(input: string): string;
  };
  export = hcl;
}
