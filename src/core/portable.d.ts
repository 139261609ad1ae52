/**
 * The only globals the core uses beyond ECMAScript, declared for `tsconfig.core.json` (which has
 * no DOM and no Node types): the WHATWG Encoding API, which Node, browsers and web workers all
 * provide. The main tsconfig leaves this file out and takes Node's declarations instead.
 */
interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}

declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  readonly encoding: string;
  readonly fatal: boolean;
  decode(input?: Uint8Array): string;
}
