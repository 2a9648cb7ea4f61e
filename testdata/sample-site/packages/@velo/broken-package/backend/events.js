// A package copy with a syntax error: none of its handlers fire.
export function wixLoyalty_onAccountUpdated(event) {
  console.log(event.data;
}
