// Backend events of a sample site, for the Neovim end-to-end test.
export function wixBilling_onInvoicePaid(event) {
  console.log(event.id);
}

/* 💳 paid → sent */ export function wixBiling_onInvoiceSent(event) {
  console.log(event);
}
