// Sample events (velo-lsp sample): the command the server's code lens and
// code action carry, with the handler's name and the sample as JSON text.

export const SHOW_SAMPLE_COMMAND = 'veloLsp.showSampleEvent';

/** What the user is told once the sample is on the clipboard. */
export function sampleMessage(handler: string): string {
  return `A sample event for ${handler} is on the clipboard. To test the handler before publishing, ` +
    `call ${handler} with it from the Velo functional-testing pane, or run: velo-lsp sample ${handler} --format js`;
}
