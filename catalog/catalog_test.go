package catalog_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/velo-lsp/velo-lsp/catalog"
	"github.com/velo-lsp/velo-lsp/catalog/internal/generate"
)

// docsDir is ../shared/velo-docs seen from the repository root; tests run in
// the catalog folder.
const docsDir = "../../shared/velo-docs"

func TestGeneratedUpToDate(t *testing.T) {
	if _, err := os.Stat(docsDir); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("skipping: %s is absent, so the committed catalog cannot be regenerated here (CI has ../shared)", docsDir)
	}
	overlay, err := os.ReadFile("overlay.json")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := os.ReadFile("sources/pages.json")
	if err != nil {
		t.Fatal(err)
	}
	sdk, err := generate.LoadSDK(os.DirFS("sources"))
	if err != nil {
		t.Fatal(err)
	}
	f, _, err := generate.Generate(generate.Inputs{Docs: os.DirFS(docsDir), Overlay: overlay, Pages: pages, SDK: sdk})
	if err != nil {
		t.Fatalf("generator: %v", err)
	}
	for _, c := range []struct {
		file   string
		encode func() ([]byte, error)
	}{
		{"catalog.bin", func() ([]byte, error) { return generate.EncodeBinary(f) }},
		{"catalog.json", func() ([]byte, error) { return generate.EncodeJSON(f) }},
	} {
		want, err := c.encode()
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run `go generate ./catalog` and commit the result", c.file)
		}
	}
}

var handlerRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*_on[A-Z]\w*$`)

func TestEntriesValidSortedUnique(t *testing.T) {
	c := catalog.Default()
	if err := catalog.DefaultError(); err != nil {
		t.Fatal(err)
	}
	evs := c.Events()
	if len(evs) < 300 {
		t.Fatalf("only %d events", len(evs))
	}
	seen := map[string]bool{}
	withFields := 0
	for i, e := range evs {
		if i > 0 {
			p := evs[i-1]
			if p.Handler > e.Handler || (p.Handler == e.Handler && p.Module >= e.Module) {
				t.Errorf("not sorted or not unique: %s/%s then %s/%s", p.Handler, p.Module, e.Handler, e.Module)
			}
		}
		key := e.Module + " " + e.Handler
		if seen[key] {
			t.Errorf("duplicate %s", key)
		}
		seen[key] = true
		if !handlerRE.MatchString(e.Handler) {
			t.Errorf("%s: handler does not match %s", e.Handler, handlerRE)
		}
		if !strings.HasSuffix(e.Handler, "_"+e.Event) {
			t.Errorf("%s: event %q is not its suffix", e.Handler, e.Event)
		}
		m := c.Module(e.Module)
		if m == nil {
			t.Errorf("%s: module %q not listed", e.Handler, e.Module)
		} else if e.Status != catalog.StatusRemoved && !contains(m.Prefixes, e.Prefix()) {
			t.Errorf("%s: prefix %s not among %s prefixes %v", e.Handler, e.Prefix(), m.Name, m.Prefixes)
		}
		switch e.Status {
		case catalog.StatusCurrent:
			if e.Replacement != "" || e.SunsetDate != "" {
				t.Errorf("%s: current with replacement/sunset", e.Handler)
			}
		case catalog.StatusDeprecated:
		case catalog.StatusRemoved:
			if e.Replacement == "" {
				t.Errorf("%s: removed without replacement", e.Handler)
			}
		default:
			t.Errorf("%s: status %q", e.Handler, e.Status)
		}
		if e.Replacement != "" {
			rs := c.Lookup(e.Replacement)
			if len(rs) == 0 {
				t.Errorf("%s: replacement %s not in catalog", e.Handler, e.Replacement)
			}
			for _, r := range rs {
				if r.Status == catalog.StatusRemoved {
					t.Errorf("%s: replacement %s is removed", e.Handler, e.Replacement)
				}
			}
		}
		if e.SunsetDate != "" && !regexp.MustCompile(`^20\d\d-[01]\d-[0-3]\d$`).MatchString(e.SunsetDate) {
			t.Errorf("%s: sunset %q", e.Handler, e.SunsetDate)
		}
		if e.Maturity != catalog.MaturityStable && e.Maturity != catalog.MaturityPreview {
			t.Errorf("%s: maturity %q", e.Handler, e.Maturity)
		}
		if !strings.HasPrefix(e.DocsURL, "https://dev.wix.com/docs/velo/") {
			t.Errorf("%s: docs URL %q", e.Handler, e.DocsURL)
		}
		if e.Source == "" || strings.Contains(e.Description, "\n") {
			t.Errorf("%s: source %q, description %q", e.Handler, e.Source, e.Description)
		}
		if len(e.Fields) > 0 {
			withFields++
		}
	}
	if pct := 100 * withFields / len(evs); pct < 90 {
		t.Errorf("only %d%% of events have payload fields, want ≥ 90%%", pct)
	}
	mods := c.Modules()
	for i := 1; i < len(mods); i++ {
		if mods[i-1].Name >= mods[i].Name {
			t.Errorf("modules not sorted/unique: %s, %s", mods[i-1].Name, mods[i].Name)
		}
	}
	for _, m := range mods {
		if len(m.Prefixes) == 0 || !strings.HasPrefix(m.DocsURL, "https://dev.wix.com/") {
			t.Errorf("module %+v incomplete", m)
		}
	}
}

func TestKnownFacts(t *testing.T) {
	c := catalog.Default()
	// One handler in a legacy module and its v2 successor is not a conflict.
	if got := modules(c.Lookup("wixCrm_onContactCreated")); got != "wix-crm-backend wix-crm.v2" {
		t.Errorf("wixCrm_onContactCreated in %q", got)
	}
	// The prefix never derives from the module name.
	if m := c.Module("wix-media-backend"); m == nil || strings.Join(m.Prefixes, ",") != "wixMediaManager" {
		t.Errorf("wix-media-backend = %+v", m)
	}
	// Several prefixes in one module.
	if m := c.Module("wix-bookings.v2"); m == nil || len(m.Prefixes) < 3 {
		t.Errorf("wix-bookings.v2 = %+v", m)
	}
	// Conflicts settled in the overlay.
	for h, mod := range map[string]string{
		"wixEcom_onOrderCanceled":                     "wix-ecom-backend",
		"wixPricingPlans_onPlanBuyerCanCancelUpdated": "wix-pricing-plans.v2",
		"wixForum_onCommentUnvoted":                   "wix-forum-backend",
		"wixLocations_onLocationUpdated":              "wix-business-tools.v2",
	} {
		if got := modules(c.Lookup(h)); got != mod {
			t.Errorf("%s in %q, want %s", h, got, mod)
		}
	}
	// Names no source states are absent.
	for _, h := range []string{"wixEvents_onWixEventCanceled", "wixPricingPlansBackend_onPlanUpdated"} {
		if len(c.Lookup(h)) != 0 {
			t.Errorf("%s should not be in the catalog", h)
		}
	}
	// Deprecated with date and replacement; a passed sunset stays deprecated.
	e := one(t, c, "wixStores_onOrderPaid")
	if e.Status != catalog.StatusDeprecated || e.SunsetDate != "2024-09-04" || e.Replacement != "wixEcom_onOrderPaymentStatusUpdated" {
		t.Errorf("wixStores_onOrderPaid = %s %s %s", e.Status, e.SunsetDate, e.Replacement)
	}
	if e := one(t, c, "wixBookings_onBookingConfirmed"); e.Replacement != "wixBookingsV2_onBookingConfirmed" || e.SunsetDate != "2026-06-30" {
		t.Errorf("wixBookings_onBookingConfirmed = %s %s", e.Replacement, e.SunsetDate)
	}
	if e := one(t, c, "wixPricingPlans_onOrderBillingCycleTriggered"); e.Status != catalog.StatusRemoved {
		t.Errorf("removed name has status %s", e.Status)
	}
	if e := one(t, c, "wixBookingsV2_onBookingCanceled"); e.Maturity != catalog.MaturityPreview {
		t.Errorf("maturity %s", e.Maturity)
	}
	// Payload fields nest at least two levels, arrays marked.
	inv := one(t, c, "wixBilling_onInvoicePaid")
	if inv.PayloadType != "Invoice" {
		t.Errorf("payload type %q", inv.PayloadType)
	}
	items := field(inv.Fields, "lineItems")
	if items == nil || !items.Array || field(items.Fields, "taxes") == nil {
		t.Errorf("lineItems = %+v", items)
	}
	v2 := one(t, c, "wixBookingsV2_onBookingCanceled")
	if d := field(v2.Fields, "data"); d == nil || field(d.Fields, "booking") == nil || len(field(d.Fields, "booking").Fields) == 0 {
		t.Errorf("event.data.booking.* missing: %+v", d)
	}
	if !c.HasPrefix("wixEcom") || c.HasPrefix("wixEcommerce") || len(c.ByPrefix("wixBilling")) != 8 {
		t.Errorf("prefix look-ups: wixEcom %v, wixEcommerce %v, wixBilling %d",
			c.HasPrefix("wixEcom"), c.HasPrefix("wixEcommerce"), len(c.ByPrefix("wixBilling")))
	}
	if c.Module("wix-bookings-v2") != nil || c.Module("wix-bookings.v2") == nil {
		t.Error("v2 modules are named like their import, wix-bookings.v2")
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	for name, data := range map[string]string{
		"garbage":     "not a catalog",
		"bad json":    "{",
		"old version": `{"version": 2}`,
		"bad ref":     `{"version": 3, "depth": 2, "events": [{"module": "m", "event": "onX", "handler": "a_onX", "payload": 9}], "types": []}`,
	} {
		if _, err := catalog.Load([]byte(data)); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
	c, err := catalog.Load([]byte(`{"version": 3, "depth": 2,
		"modules": [{"name": "m", "prefixes": ["a"], "status": "current"}],
		"events": [{"module": "m", "event": "onX", "handler": "a_onX", "status": "current", "payload": 1}],
		"types": [{"name": "T", "fields": [{"n": "f", "t": "U", "r": 2}]}, {"name": "U", "fields": [{"n": "g", "t": "string", "a": true}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	e := c.Lookup("a_onX")[0]
	if len(e.Fields) != 1 || len(e.Fields[0].Fields) != 1 || !e.Fields[0].Fields[0].Array {
		t.Errorf("JSON form expanded to %+v", e.Fields)
	}
}

func TestLookupFindsOlderNames(t *testing.T) {
	c, err := catalog.Load([]byte(`{"version": 3, "depth": 1,
		"modules": [{"name": "m.v2", "prefixes": ["aV1", "a"]}],
		"events": [{"module": "m.v2", "event": "onX", "handler": "aV1_onX", "aliases": ["a_onX"]}],
		"provenance": {"date": "2026-12-01", "sources": [{"name": "pages", "pinned": "read 2026-12-01", "facts": 1}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	old := c.Lookup("a_onX")
	if len(old) != 1 || old[0].Handler != "aV1_onX" || !old[0].IsAlias("a_onX") || old[0].IsAlias("aV1_onX") {
		t.Fatalf("Lookup(older name) = %+v", old)
	}
	if !c.HasPrefix("a") || !c.HasPrefix("aV1") || len(c.ByPrefix("a")) != 1 {
		t.Error("an older name's prefix is not indexed")
	}
	if c.Suggest("a_onX") != nil {
		t.Error("an older name that still fires got suggestions")
	}
	if p := c.Provenance(); p.Date != "2026-12-01" || len(p.Sources) != 1 || p.Sources[0].Facts != 1 {
		t.Errorf("provenance %+v", p)
	}
}

func TestLoadSortsAndIndexes(t *testing.T) {
	c, err := catalog.Load([]byte(`{"version": 3, "depth": 1,
		"modules": [{"name": "z", "prefixes": ["b"]}, {"name": "m", "prefixes": ["a"]}],
		"events": [{"module": "z", "event": "onY", "handler": "b_onY"}, {"module": "z", "event": "onX", "handler": "a_onX"},
		           {"module": "m", "event": "onX", "handler": "a_onX"}],
		"prefixAliases": [{"wrong": "aa", "prefix": "a"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range c.Events() {
		got = append(got, e.Handler+"/"+e.Module)
	}
	if strings.Join(got, " ") != "a_onX/m a_onX/z b_onY/z" {
		t.Errorf("events order %v", got)
	}
	if ms := c.Modules(); ms[0].Name != "m" || ms[1].Name != "z" {
		t.Errorf("modules order %s, %s", ms[0].Name, ms[1].Name)
	}
	if modules(c.Lookup("a_onX")) != "m z" || len(c.ByPrefix("a")) != 2 || c.PrefixAlias("aa") != "a" || c.Module("z") == nil {
		t.Error("indexes not built")
	}
	if strings.Join(c.Prefixes(), ",") != "a,b" {
		t.Errorf("prefixes %v", c.Prefixes())
	}
}

func TestWithExtra(t *testing.T) {
	base := catalog.Default()
	n := len(base.Events())
	c, err := base.WithExtra([]catalog.Event{
		{Module: "wix-billing-backend", Handler: "wixBilling_onInvoiceVoided"},
		{Module: "my-app", Handler: "myApp_onThing"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(base.Events()) != n || len(base.Lookup("myApp_onThing")) != 0 {
		t.Error("WithExtra changed the original catalog")
	}
	e := c.Lookup("wixBilling_onInvoiceVoided")
	if len(e) != 1 || e[0].Event != "onInvoiceVoided" || e[0].Status != catalog.StatusCurrent || e[0].Source != "extra" {
		t.Errorf("extra event = %+v", e)
	}
	if m := c.Module("my-app"); m == nil || m.Prefixes[0] != "myApp" || !c.HasPrefix("myApp") {
		t.Errorf("new module = %+v", m)
	}
	evs := c.Events()
	for i := 1; i < len(evs); i++ {
		if evs[i-1].Handler > evs[i].Handler {
			t.Fatalf("not sorted after WithExtra: %s, %s", evs[i-1].Handler, evs[i].Handler)
		}
	}
	for name, extra := range map[string]catalog.Event{
		"bad handler":      {Module: "m", Handler: "notAHandler"},
		"no module":        {Handler: "a_onB"},
		"event mismatch":   {Module: "m", Handler: "a_onB", Event: "onC"},
		"already declared": {Module: "wix-billing-backend", Handler: "wixBilling_onInvoicePaid"},
	} {
		if _, err := base.WithExtra([]catalog.Event{extra}); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := base.WithExtra([]catalog.Event{{Module: "m", Handler: "a_onB"}, {Module: "m", Handler: "a_onB"}}); err == nil {
		t.Error("twice the same extra: accepted")
	}
}

func TestLoadMemoryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("benchmark-based")
	}
	r := testing.Benchmark(func(b *testing.B) {
		data, err := os.ReadFile("catalog.bin")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if _, err := catalog.Load(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	if mb := float64(r.AllocedBytesPerOp()) / (1 << 20); mb >= 10 {
		t.Errorf("loading allocates %.1f MB, budget 10 MB", mb)
	}
	t.Logf("Load: %v per op, %d B/op", r.NsPerOp(), r.AllocedBytesPerOp())
}

func modules(evs []*catalog.Event) string {
	var s []string
	for _, e := range evs {
		s = append(s, e.Module)
	}
	return strings.Join(s, " ")
}

func one(t *testing.T, c *catalog.Catalog, h string) *catalog.Event {
	t.Helper()
	evs := c.Lookup(h)
	if len(evs) != 1 {
		t.Fatalf("Lookup(%s) = %d events", h, len(evs))
	}
	return evs[0]
}

func field(fs []catalog.Field, name string) *catalog.Field {
	for i := range fs {
		if fs[i].Name == name {
			return &fs[i]
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
