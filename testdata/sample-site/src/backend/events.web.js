// A look-alike: Velo never loads this file for events.
export function wixEcom_onCartCreated(event) {}
