// The events file that a Velo package brings along.
export function wixLoyalty_onAccountPointsUpdated(event) {}

export function wixLoyalty_onCouponRedemed(event) {}
