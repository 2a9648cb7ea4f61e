package generate

import (
	"strings"
	"testing"
)

// pagesFixture is what today's pages show for the fixture's modules: a
// renamed v2 handler, a new event, a new module, a listed event without a
// readable name, and an event the menu no longer lists.
const pagesFixture = `{"read": "2026-12-01", "modules": [
 {"module": "wix-shop.v2", "menuUrls": ["https://dev.wix.com/docs/velo/apis/wix-shop-v2/events.md"], "events": [
   {"event": "onOrderCanceled", "handler": "wixShopV3_onOrderCanceled", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-v2/events/on-order-canceled.md"},
   {"event": "onOrderRefunded", "handler": "wixShopV3_onOrderRefunded", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-v2/events/on-order-refunded.md", "maturity": "developer-preview", "payloadType": "OrderRefunded"},
   {"event": "onOrderLost", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-v2/events/on-order-lost.md"}]},
 {"module": "wix-shop-backend", "menuUrls": [], "events": [
   {"event": "onOrderPaid", "handler": "wixShop_onOrderPaid", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-backend/events/on-order-paid.md"}],
   "notListed": [{"event": "onOrderVoided", "lookedAt": ["https://dev.wix.com/docs/velo/apis/wix-shop-backend/events.md"]}]},
 {"module": "wix-cafe.v2", "menuUrls": ["https://dev.wix.com/docs/velo/apis/wix-cafe-v2/events.md"], "events": [
   {"event": "onTableBooked", "handler": "wixCafe_onTableBooked", "url": "https://dev.wix.com/docs/velo/apis/wix-cafe-v2/events/on-table-booked.md"}]}
]}`

func generatePages(t *testing.T, overlay, pages string) (*Inputs, error) {
	t.Helper()
	in := Inputs{Docs: fixture(), Overlay: []byte(overlay), Pages: []byte(pages)}
	_, _, err := Generate(in)
	return &in, err
}

func TestPagesRenameKeepsTheOldNameAsAlias(t *testing.T) {
	in, err := generatePages(t, okOverlay, pagesFixture)
	if err != nil {
		t.Fatal(err)
	}
	f, _, _ := Generate(*in)
	e := event(t, f, "wix-shop.v2", "onOrderCanceled")
	if e.Handler != "wixShopV3_onOrderCanceled" || len(e.Aliases) != 1 || e.Aliases[0] != "wixShopV2_onOrderCanceled" {
		t.Errorf("renamed event = %s aliases %v", e.Handler, e.Aliases)
	}
	if !strings.Contains(e.Source, "renamed on https://dev.wix.com/docs/velo/apis/wix-shop-v2/events/on-order-canceled (read 2026-12-01)") {
		t.Errorf("source does not cite the page: %s", e.Source)
	}
	if e.DocsURL != "https://dev.wix.com/docs/velo/apis/wix-shop-v2/events/on-order-canceled" {
		t.Errorf("docs URL %s, want the page read", e.DocsURL)
	}
	// The replacement of the deprecated legacy event follows the rename.
	if v := event(t, f, "wix-shop-backend", "onOrderVoided"); v.Replacement != "wixShopV3_onOrderCanceled" {
		t.Errorf("replacement %s does not follow the rename", v.Replacement)
	}
	for _, m := range f.Modules {
		if m.Name == "wix-shop.v2" && strings.Join(m.Prefixes, ",") != "wixShopV3,wixShopV2" {
			t.Errorf("module prefixes %v, want the current one first and the older one kept", m.Prefixes)
		}
	}
}

func TestPagesAddEventsModulesAndUnnamedEvents(t *testing.T) {
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(okOverlay), Pages: []byte(pagesFixture)})
	if err != nil {
		t.Fatal(err)
	}
	r := event(t, f, "wix-shop.v2", "onOrderRefunded")
	if r.Handler != "wixShopV3_onOrderRefunded" || r.Maturity != "developer-preview" || r.PayloadType != "OrderRefunded" || !strings.HasPrefix(r.Source, "pages: ") {
		t.Errorf("new event = %+v", r)
	}
	c := event(t, f, "wix-cafe.v2", "onTableBooked")
	if c.Handler != "wixCafe_onTableBooked" {
		t.Errorf("new module's event = %+v", c)
	}
	found := false
	for _, m := range f.Modules {
		if m.Name == "wix-cafe.v2" {
			found = true
			if m.DocsURL != "https://dev.wix.com/docs/velo/apis/wix-cafe-v2/events" || m.Prefixes[0] != "wixCafe" {
				t.Errorf("new module = %+v", m)
			}
		}
	}
	if !found {
		t.Error("new module missing")
	}
	if len(f.Unnamed) != 1 || f.Unnamed[0].Event != "onOrderLost" || f.Unnamed[0].Module != "wix-shop.v2" {
		t.Errorf("unnamed = %+v", f.Unnamed)
	}
	if v := event(t, f, "wix-shop-backend", "onOrderVoided"); !strings.Contains(v.Source, "not listed on the module's events menu") {
		t.Errorf("a menu that no longer lists an event is not noted: %s", v.Source)
	}
	if p := event(t, f, "wix-shop-backend", "onOrderPaid"); !strings.Contains(p.Source, "confirmed on ") {
		t.Errorf("a page that agrees is not noted: %s", p.Source)
	}
	if f.Provenance.Date != "2026-12-01" || len(f.Provenance.Sources) != 2 {
		t.Errorf("provenance = %+v", f.Provenance)
	}
}

func TestOverlayNamesFollowRenames(t *testing.T) {
	overlay := strings.Replace(okOverlay, `"prefixAliases"`, `"removed": [{"module": "wix-shop-backend", "event": "onOrderLost", "handler": "wixShop_onOrderLost", "replacement": "wixShop_onOrderPaid", "source": "typings", "reason": "renamed"}],
  "prefixAliases"`, 1)
	renamed := strings.Replace(pagesFixture, `"handler": "wixShop_onOrderPaid"`, `"handler": "wixShopV9_onOrderPaid"`, 1)
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(overlay), Pages: []byte(renamed)})
	if err != nil {
		t.Fatal(err)
	}
	if lost := event(t, f, "wix-shop-backend", "onOrderLost"); lost.Replacement != "wixShopV9_onOrderPaid" {
		t.Errorf("the overlay's replacement %s does not follow the rename", lost.Replacement)
	}
}

func TestPagesConflictsNeedTheOverlay(t *testing.T) {
	copied := strings.Replace(pagesFixture, `"handler": "wixShop_onOrderPaid"`, `"handler": "wixShop_onOrderVoided"`, 1)
	if _, err := generatePages(t, okOverlay, copied); err == nil || !strings.Contains(err.Error(), "a name of another event; add an overlay pageNames entry") {
		t.Errorf("a copied example: %v", err)
	}
	settled := strings.Replace(okOverlay, `"prefixAliases"`, `"pageNames": [{"module": "wix-shop-backend", "event": "onOrderPaid", "handler": "", "reason": "copied"}],
  "prefixAliases"`, 1)
	if _, err := generatePages(t, settled, copied); err != nil {
		t.Errorf("settled copy: %v", err)
	}
	if _, err := generatePages(t, settled, pagesFixture); err == nil || !strings.Contains(err.Error(), "settles nothing") {
		t.Errorf("a pageNames entry for an unambiguous page: %v", err)
	}
	twoNames := strings.Replace(pagesFixture, `"handler": "wixCafe_onTableBooked",`, `"handler": "wixCafe_onTableBooked", "declared": "wixCafeV1_onTableBooked",`, 1)
	if _, err := generatePages(t, okOverlay, twoNames); err == nil || !strings.Contains(err.Error(), "the declaration says wixCafeV1_onTableBooked") {
		t.Errorf("example and declaration disagree: %v", err)
	}
	pick := strings.Replace(okOverlay, `"prefixAliases"`, `"pageNames": [{"module": "wix-cafe.v2", "event": "onTableBooked", "handler": "wixCafeV1_onTableBooked", "reason": "the declaration"}],
  "prefixAliases"`, 1)
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(pick), Pages: []byte(twoNames)})
	if err != nil {
		t.Fatal(err)
	}
	if e := event(t, f, "wix-cafe.v2", "onTableBooked"); e.Handler != "wixCafeV1_onTableBooked" || len(e.Aliases) != 1 || e.Aliases[0] != "wixCafe_onTableBooked" {
		t.Errorf("both names a page shows are accepted: %s %v", e.Handler, e.Aliases)
	}
	for name, bad := range map[string]string{
		"no url":      strings.Replace(pagesFixture, `"url": "https://dev.wix.com/docs/velo/apis/wix-cafe-v2/events/on-table-booked.md"`, `"url": ""`, 1),
		"old site":    strings.Replace(pagesFixture, `"url": "https://dev.wix.com/docs/velo/apis/wix-cafe-v2/events/on-table-booked.md"`, `"url": "https://www.wix.com/velo/reference/wix-cafe-v2/events/ontablebooked"`, 1),
		"bad handler": strings.Replace(pagesFixture, `"wixCafe_onTableBooked"`, `"wixCafe onTableBooked"`, 1),
		"bad date":    strings.Replace(pagesFixture, `"2026-12-01"`, `"December"`, 1),
		"unknown key": strings.Replace(pagesFixture, `"read"`, `"reed": 1, "read"`, 1),
	} {
		if _, err := generatePages(t, okOverlay, bad); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestModuleNotices(t *testing.T) {
	notice := strings.Replace(okOverlay, `"prefixAliases"`, `"moduleNotices": [{"module": "wix-shop.v2", "status": "deprecated",
    "notice": "the shop closes", "url": "https://dev.wix.com/x", "read": "2026-12-01", "reason": "an announcement"}],
  "prefixAliases"`, 1)
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(notice)})
	if err != nil {
		t.Fatal(err)
	}
	e := event(t, f, "wix-shop.v2", "onOrderCanceled")
	if e.Status != "deprecated" || e.SunsetDate != "" || e.Notice != "the shop closes (https://dev.wix.com/x)" {
		t.Errorf("noticed event = %+v", e)
	}
	missingURL := strings.Replace(notice, `"url": "https://dev.wix.com/x", `, "", 1)
	if _, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(missingURL)}); err == nil {
		t.Error("a notice without its URL was accepted")
	}
	nothing := strings.Replace(notice, `"module": "wix-shop.v2", "status"`, `"module": "wix-nothing.v2", "status"`, 1)
	if _, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(nothing)}); err == nil || !strings.Contains(err.Error(), "settles nothing") {
		t.Errorf("a notice for no event: %v", err)
	}
}

func TestExampleReadsBecomeFields(t *testing.T) {
	pages := strings.Replace(pagesFixture, `{"event": "onOrderPaid", "handler": "wixShop_onOrderPaid", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-backend/events/on-order-paid.md"}`,
		`{"event": "onOrderPaid", "handler": "wixShop_onOrderPaid", "url": "https://dev.wix.com/docs/velo/apis/wix-shop-backend/events/on-order-paid.md",
		  "exampleReads": ["event.id", "event.buyer.address.zip", "event.coupon.code", "event.lines[0].sku", "event.buyer.address.geo.lat.x"]}`, 1)
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(okOverlay), Pages: []byte(pages)})
	if err != nil {
		t.Fatal(err)
	}
	e := event(t, f, "wix-shop-backend", "onOrderPaid")
	names := fieldNames(f, e)
	for _, want := range []string{"id", "buyer.address.zip", "coupon", "coupon.code", "lines.sku"} {
		if !names[want] {
			t.Errorf("payload lacks %s after the example read it: %v", want, names)
		}
	}
	if !strings.Contains(e.Source, "added as any: buyer.address.zip, coupon.code") {
		t.Errorf("source does not say what was added: %s", e.Source)
	}
}
