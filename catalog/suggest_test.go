package catalog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/catalog"
)

// Real mistakes (from public Velo code and the docs' own defects) and what a
// message should offer first.
func TestSuggest(t *testing.T) {
	c := catalog.Default()
	tests := []struct {
		name   string
		want   string // best suggestion
		reason catalog.SuggestionReason
		also   []string // further suggestions that must be present
	}{
		// British spelling of the event.
		{"wixBookings_onBookingCancelled", "wixBookings_onBookingCanceled", catalog.ReasonSpelling, []string{"wixBookingsV2_onBookingCanceled"}},
		// Two edits inside one word that starts the same: still a misspelling.
		{"wixBilling_onInvoicePayed", "wixBilling_onInvoicePaid", catalog.ReasonSpelling, nil},
		{"wixCrm_onContactCreatd", "wixCrm_onContactCreated", catalog.ReasonSpelling, nil},
		// A word missing from the event.
		{"wixEcom_onPaymentStatusUpdated", "wixEcom_onOrderPaymentStatusUpdated", catalog.ReasonSpelling, nil},
		// The module spelled out instead of the prefix.
		{"wixEcommerce_onOrderCreated", "wixEcom_onOrderCreated", catalog.ReasonPrefixAlias, nil},
		{"members_onMemberCreated", "wixMembers_onMemberCreated", catalog.ReasonPrefixAlias, nil},
		{"wixMedia_onFileUploaded", "wixMediaManager_onFileUploaded", catalog.ReasonPrefixAlias, nil},
		// The prefix the wix-pricing-plans-backend introduction shows.
		{"wixPricingPlansBackend_onPlanUpdated", "wixPricingPlans_onPlanUpdated", catalog.ReasonPrefixAlias, nil},
		// A typo of an event that has an older name is one suggestion, in
		// the spelling the author chose.
		{"wixStoresCatalogV1_onProductCreatd", "wixStoresCatalogV1_onProductCreated", catalog.ReasonSpelling, nil},
		{"wixStoresCatalog_onProductCreatd", "wixStoresCatalog_onProductCreated", catalog.ReasonSpelling, nil},
		// Wrong case.
		{"wixbilling_onInvoicePaid", "wixBilling_onInvoicePaid", catalog.ReasonCase, nil},
		{"wixCRM_onContactCreated", "wixCrm_onContactCreated", catalog.ReasonCase, nil},
		{"wixBilling_oninvoicepaid", "wixBilling_onInvoicePaid", catalog.ReasonCase, nil},
		// Misspelled prefix.
		{"wixBiling_onInvoicePaid", "wixBilling_onInvoicePaid", catalog.ReasonSpelling, nil},
		// Legacy/v2 confusion: the legacy Stores prefix with the eCommerce event.
		{"wixStores_onOrderCreated", "wixEcom_onOrderCreated", catalog.ReasonPrefix, nil},
		// The v2 Stores/eCommerce prefix with a legacy Stores event, and its replacement.
		{"wixEcom_onNewOrder", "wixStores_onNewOrder", catalog.ReasonPrefix, []string{"wixEcom_onOrderApproved"}},
		// Bookings v2 mixes wixBookingsV2_ and wixBookings_.
		{"wixBookingsV2_onBookingCreated", "wixBookings_onBookingCreated", catalog.ReasonPrefix, nil},
		// No prefix at all.
		{"onInvoicePaid", "wixBilling_onInvoicePaid", catalog.ReasonPrefix, nil},
		// "on" dropped, and a truncated word.
		{"wixBilling_InvoicePaid", "wixBilling_onInvoicePaid", catalog.ReasonSpelling, nil},
		{"wixMediaManager_onFileUpload", "wixMediaManager_onFileUploaded", catalog.ReasonSpelling, nil},
		// A removed name leads to what replaced it.
		{"wixPricingPlans_onOrderBillingCycleTriggered", "wixPricingPlans_onOrderCycleStarted", catalog.ReasonReplacement, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Suggest(tc.name)
			if len(got) == 0 {
				t.Fatalf("no suggestions, want %s", tc.want)
			}
			if got[0].Handler != tc.want || got[0].Reason != tc.reason {
				t.Errorf("best = %s (%s), want %s (%s); all: %s", got[0].Handler, got[0].Reason, tc.want, tc.reason, show(got))
			}
			for _, a := range tc.also {
				if !has(got, a) {
					t.Errorf("missing %s in %s", a, show(got))
				}
			}
			if len(got) > 5 {
				t.Errorf("%d suggestions, want at most 5", len(got))
			}
			events := map[*catalog.Event]bool{}
			for _, s := range got {
				if events[s.Event] {
					t.Errorf("two names of one event suggested: %s", show(got))
				}
				events[s.Event] = true
			}
			for i, s := range got {
				if s.Event == nil || s.Event.Handler != s.Handler && !s.Event.IsAlias(s.Handler) {
					t.Errorf("suggestion %d has event %+v", i, s.Event)
				}
				if i > 0 && got[i-1].Score < s.Score {
					t.Errorf("not sorted by score: %s", show(got))
				}
				if s.Event.Status == catalog.StatusRemoved {
					t.Errorf("suggests removed %s", s.Handler)
				}
			}
		})
	}
}

func TestSuggestNothing(t *testing.T) {
	c := catalog.Default()
	for _, name := range []string{
		"wixBilling_onInvoicePaid", // exists
		"wixStores_onOrderPaid",    // exists (deprecated: the analyzer reports that, not Suggest)
		"foo_bar",
		"",
		"wixCrm_onSomethingElse", // a real prefix, no event like it
	} {
		if got := c.Suggest(name); len(got) != 0 {
			t.Errorf("Suggest(%q) = %s, want none", name, show(got))
		}
	}
	// A whole-word swap is another event, not a misspelling.
	for _, s := range c.Suggest("members_onMemberCreated") {
		if s.Handler == "wixMembers_onMemberUpdated" {
			t.Errorf("members_onMemberCreated suggests %s", s.Handler)
		}
	}
}

func show(s []catalog.Suggestion) string {
	var b []string
	for _, x := range s {
		b = append(b, fmt.Sprintf("%s(%s %.2f)", x.Handler, x.Reason, x.Score))
	}
	return strings.Join(b, ", ")
}

func has(s []catalog.Suggestion, h string) bool {
	for _, x := range s {
		if x.Handler == h {
			return true
		}
	}
	return false
}

func TestClassifyNotEvent(t *testing.T) {
	tests := []struct {
		name string
		kind catalog.NotEventKind
		file string
	}{
		{"Items_afterInsert", catalog.NotEventDataHook, "data.js"},
		{"myCollection_beforeQuery", catalog.NotEventDataHook, "data.js"},
		{"Members_onFailure", catalog.NotEventDataHook, "data.js"},
		{"Items_AfterInsert", catalog.NotEventDataHook, "data.js"},
		{"get_myFunction", catalog.NotEventHTTP, "http-functions.js"},
		{"post_orders", catalog.NotEventHTTP, "http-functions.js"},
		{"put_x", catalog.NotEventHTTP, "http-functions.js"},
		{"delete_item", catalog.NotEventHTTP, "http-functions.js"},
		{"options_item", catalog.NotEventHTTP, "http-functions.js"},
		{"use_everything", catalog.NotEventHTTP, "http-functions.js"},
		{"myRouter_Router", catalog.NotEventRouter, "routers.js"},
		{"myRouter_SiteMap", catalog.NotEventRouter, "routers.js"},
		{"dishes_beforeRouter", catalog.NotEventRouter, "routers.js"},
		{"dishes_afterRouter", catalog.NotEventRouter, "routers.js"},
		{"dishes_customizeQuery", catalog.NotEventRouter, "routers.js"},
		{"food_and_drink_beforeRouter", catalog.NotEventRouter, "routers.js"},
		{"realtime_check_permission", catalog.NotEventRealtime, "realtime-permissions.js"},
	}
	for _, tc := range tests {
		got := catalog.ClassifyNotEvent(tc.name)
		if got == nil || got.Kind != tc.kind || got.File != tc.file || !strings.HasPrefix(got.DocsURL, "https://dev.wix.com/") {
			t.Errorf("ClassifyNotEvent(%q) = %+v, want %s in %s", tc.name, got, tc.kind, tc.file)
		}
	}
	for _, name := range []string{"wixBilling_onInvoicePaid", "wixBilling_onInvoicePayed", "helper", "getItems", "get_", "_afterInsert", "fetch_data"} {
		if got := catalog.ClassifyNotEvent(name); got != nil {
			t.Errorf("ClassifyNotEvent(%q) = %+v, want nil", name, got)
		}
	}
	if hooks := catalog.Default().DataHooks(); len(hooks) < 16 {
		t.Errorf("data hooks from wix-data-hooks: %v", hooks)
	}
}
