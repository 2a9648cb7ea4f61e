package catalog_test

import (
	"testing"

	"github.com/velo-lsp/velo-lsp/catalog"
)

func TestVariant(t *testing.T) {
	c := catalog.Default()
	for _, tc := range []struct {
		name  string
		kind  catalog.VariantKind // "" : not a variant
		event string              // the family's event the variant names, "" when none
	}{
		{"wixStoresCatalogV2_onProductCreated", catalog.VariantVersion, "onProductCreated"},
		{"wixSocialGroupsV3_onGroupCreated", catalog.VariantVersion, "onGroupCreated"},
		{"wixForumV7_onPostCreated", catalog.VariantVersion, "onPostCreated"},
		{"wixSocialBlogV2_onPostCreated", catalog.VariantNamespace, "onPostCreated"},
		{"wixBookingsV2_onBookingCreated", catalog.VariantFamilyEvent, "onBookingCreated"},
		// A new version may bring a new event: still unverified.
		{"wixStoresCatalogV4_onProductTeleported", catalog.VariantVersion, ""},

		// Wrong names stay wrong names.
		{"wixEcom_onOrderPaid", "", ""},                // the event is of wix-stores-backend
		{"wixStores_onOrderCreated", "", ""},           // the event is of wix-ecom
		{"wixEventsOrders_onOrderConfirmed", "", ""},   // unversioned namespace: not a Wix naming pattern
		{"wixPaidPlans_onOrderPurchased", "", ""},      // paid plans and pricing plans are other families
		{"wixStoresCatalogV2_onProductCreatd", "", ""}, // a typo of the family's event, whatever the prefix
		{"wixBilling_onInvoicePayed", "", ""},          // a typo
		{"wixbilling_onInvoicePaid", "", ""},           // letter case
		{"wixBilling_onInvoicePaid", "", ""},           // listed
		{"wixStoresCatalogV2_helper", "", ""},          // not handler-shaped
		{"myStoresCatalogV2_onProductCreated", "", ""}, // no known prefix behind it
	} {
		v := c.Variant(tc.name)
		switch {
		case tc.kind == "" && v != nil:
			t.Errorf("Variant(%s) = %+v, want none", tc.name, *v)
		case tc.kind != "" && v == nil:
			t.Errorf("Variant(%s) = none, want %s", tc.name, tc.kind)
		case v != nil && v.Kind != tc.kind:
			t.Errorf("Variant(%s).Kind = %s, want %s", tc.name, v.Kind, tc.kind)
		case v != nil && tc.event == "" && v.Event != nil:
			t.Errorf("Variant(%s).Event = %s, want none", tc.name, v.Event.Handler)
		case v != nil && tc.event != "" && (v.Event == nil || v.Event.Event != tc.event):
			t.Errorf("Variant(%s).Event = %+v, want %s", tc.name, v.Event, tc.event)
		case v != nil && v.Module == nil:
			t.Errorf("Variant(%s) names no module to look at", tc.name)
		}
	}
}

func TestIsTypoRepair(t *testing.T) {
	c := catalog.Default()
	for _, tc := range []struct {
		from, to string
		want     bool
	}{
		{"wixBilling_onInvoicePayed", "wixBilling_onInvoicePaid", true},
		{"wixBiling_onInvoicePaid", "wixBilling_onInvoicePaid", true},
		{"wixbilling_onInvoicePaid", "wixBilling_onInvoicePaid", true},
		{"wixBilling_OnInvoicePaid", "wixBilling_onInvoicePaid", true},
		{"wixEcommerce_onOrderCreated", "wixEcom_onOrderCreated", true},
		{"wixBookingV2_onBookingConfirmed", "wixBookingsV2_onBookingConfirmed", true},

		{"wixSocialGroupsV2_onGroupRequestApproved", "wixSocialGroups_onJoinGroupRequestApproved", false},
		{"wixSocialGroups_onGroupRequestApproved", "wixSocialGroups_onJoinGroupRequestApproved", false},
		{"wixEventsV4_onEventCreated", "wixEvents_onEventCreated", false},
		{"wixStoresCatalog_onProductCreated", "wixStoresCatalogV1_onProductCreated", false},
		{"wixStores_onOrderCreated", "wixEcom_onOrderCreated", false},
		{"wixMembers_onMemberCreated", "wixMembers_onMemberUpdated", false},
		{"wixBilling_onInvoicePaid", "wixBilling_onInvoicePaid", false},
		{"wixCrm_onContactCreated", "wixContacts_onContactCreated", false},
	} {
		if got := c.IsTypoRepair(tc.from, tc.to); got != tc.want {
			t.Errorf("IsTypoRepair(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestModuleFamily(t *testing.T) {
	for name, want := range map[string]string{
		"wix-stores-backend": "stores", "wix-stores.v2": "stores", "wix-stores.v3": "stores",
		"wix-paid-plans-backend": "paid-plans", "wix-pricing-plans.v2": "pricing-plans", "wix-data.v2": "data",
	} {
		if got := (&catalog.Module{Name: name}).Family(); got != want {
			t.Errorf("Family(%s) = %s, want %s", name, got, want)
		}
	}
}

// TestVariantMemoHandsOutCopies: Variant's cache gives the same answer
// every time, and a caller changing its answer changes no later one.
func TestVariantMemoHandsOutCopies(t *testing.T) {
	c := catalog.Default()
	const name = "wixStoresCatalogV3_onProductCreated"
	first := c.Variant(name)
	if first == nil {
		t.Fatalf("Variant(%s) = nil, want a variant", name)
	}
	want := *first
	first.Prefix, first.Kind = "changed", "changed"
	for i := 0; i < 3; i++ {
		if got := c.Variant(name); got == nil || *got != want {
			t.Fatalf("call %d: Variant(%s) = %+v, want %+v", i+2, name, got, want)
		}
	}
	for i := 0; i < 2; i++ { // computed, then cached
		if c.Variant("wixBilling_onInvoicePaid") != nil {
			t.Errorf("call %d: a listed name is a variant", i+1)
		}
	}
}
