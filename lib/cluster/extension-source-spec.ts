// Not exported from the package: what `ExtensionSource` resolves to, read by the model and the pod template.

/** Where an extension comes from, as the init container needs it. */
export type ExtensionSourceSpec =
  | { readonly kind: 'url'; readonly url: string; readonly sha256?: string; readonly downloaderImage?: string }
  | { readonly kind: 'image'; readonly image: string; readonly path: string };
