// nspell ships no types; the preview uses only its factory and correct().
declare module "nspell" {
  const nspell: (dictionary: { aff: string | Uint8Array; dic: string | Uint8Array }) => {
    correct(word: string): boolean;
  };
  export default nspell;
}
