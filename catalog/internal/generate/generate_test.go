package generate

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
)

// fixture is a small DocWorks tree with the defects the real one has: a
// legacy module whose handler is only in examples, a v2 module with
// syntaxName, a copied example, a deprecation with a qualified reference and
// a date, a payload type in a sibling file, and a two-part reference.
func fixture() fstest.MapFS {
	return fstest.MapFS{
		"wix-shop-backend/wix-shop-backend/Events.service.json": {Data: []byte(`{
  "name": "Events", "memberOf": "wix-shop-backend",
  "docs": {"summary": "Shop events.", "description": ["Pattern:", "export function wixShop_onOrderPaid(event) { }"]},
  "operations": [
    {"name": "onOrderPaid", "params": [{"name": "event", "type": "wix-shop-backend.Orders.Order"}],
     "docs": {"summary": "An order is paid.", "examples": [{"body": ["export function wixShop_onOrderPaid(event) {", "}"]}]}},
    {"name": "onOrderVoided", "params": [{"name": "event", "type": "wix-shop-backend.Item"}],
     "docs": {"summary": "**Deprecated.**\nThis event will continue to work until September 4, 2024, but a newer version is available at\n` + "[`wix-shop.v2.Events.onOrderCanceled()`](x)" + `.",
              "examples": [{"body": ["export function wixShop_onOrderPaid(event) {}"]}]}}
  ],
  "messages": []
}`)},
		"wix-shop-backend/wix-shop-backend/Orders.service.json": {Data: []byte(`{
  "name": "Orders", "memberOf": "wix-shop-backend", "operations": [],
  "messages": [
    {"name": "Order", "members": [
      {"name": "id", "type": "string"},
      {"name": "lines", "type": {"name": "Array", "typeParams": ["wix-shop-backend.Orders.Line"]}},
      {"name": "buyer", "type": "wix-shop-backend.Orders.Buyer"}
    ]},
    {"name": "Line", "members": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "number"}]},
    {"name": "Buyer", "members": [{"name": "address", "type": "wix-shop-backend.Orders.Address"}]},
    {"name": "Address", "members": [{"name": "city", "type": "string"}, {"name": "geo", "type": "wix-shop-backend.Orders.Geo"}]},
    {"name": "Geo", "members": [{"name": "lat", "type": "number"}]},
    {"name": "Item", "members": [{"name": "name", "type": "string"}]}
  ]
}`)},
		"wix-shop-v2/wix-shop-v2/Events.service.json": {Data: []byte(`{
  "name": "Events", "memberOf": "wix-shop-v2", "clientId": "wix-shop.v2-events", "docs": {},
  "operations": [
    {"name": "onOrderCanceled", "isVeloEvent": true, "syntaxName": "wixShopV2_onOrderCanceled",
     "customLabels": [{"id": "maturity-beta"}],
     "params": [{"name": "event", "type": [{"referenceType": "wix-shop-v2.Events.OrderCanceledEvent", "displayName": "OrderCanceled"}]}],
     "docs": {"summary": "Canceled.", "examples": [{"body": ["export function wixShopV2_onOrderCanceled(event) {}"]}]}}
  ],
  "messages": [
    {"name": "OrderCanceledEvent", "members": [
      {"name": "data", "type": [{"referenceType": "wix-shop-v2.Events.Data"}], "optional": true},
      {"name": "tags", "type": [{"complexType": {"nativeType": "Array", "typeParams": [{"nativeType": "string"}]}}]}
    ]},
    {"name": "Data", "members": [{"name": "orderId", "type": [{"nativeType": "string"}]}]},
    {"name": "shopV2OrderBackendEventMetadata", "members": [{"name": "id", "type": "string"}, {"name": "entityId", "type": "string"},
      {"name": "eventTime", "type": "string"}, {"name": "triggeredByAnonymizeRequest", "type": "boolean"}]}
  ]
}`)},
		"wix-data-hooks/wix-data-hooks.service.json": {Data: []byte(`{
  "name": "wix-data-hooks", "memberOf": "", "operations": [{"name": "afterInsert", "params": [], "docs": {}}, {"name": "beforeQuery", "params": [], "docs": {}}]
}`)},
	}
}

const okOverlay = `{
  "handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided", "reason": "example copied from onOrderPaid"}],
  "prefixAliases": [{"wrong": "wixShopping", "prefix": "wixShop", "reason": "seen in code"}]
}`

func mustGenerate(t *testing.T, fsys fstest.MapFS, overlay string) *schema.File {
	t.Helper()
	f, _, err := Generate(Inputs{Docs: fsys, Overlay: []byte(overlay)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func event(t *testing.T, f *schema.File, module, name string) schema.Event {
	t.Helper()
	for _, e := range f.Events {
		if e.Module == module && e.Event == name {
			return e
		}
	}
	t.Fatalf("no event %s %s", module, name)
	return schema.Event{}
}

func TestHandlerNamesFromExamplesAndSyntaxName(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	if got := event(t, f, "wix-shop-backend", "onOrderPaid").Handler; got != "wixShop_onOrderPaid" {
		t.Errorf("legacy handler from example = %q", got)
	}
	v2 := event(t, f, "wix-shop.v2", "onOrderCanceled")
	if v2.Handler != "wixShopV2_onOrderCanceled" {
		t.Errorf("v2 handler from syntaxName = %q", v2.Handler)
	}
	if v2.Maturity != "developer-preview" {
		t.Errorf("maturity-beta label gave %q", v2.Maturity)
	}
	if !strings.Contains(v2.Source, "wix-shop-v2/wix-shop-v2/Events.service.json#onOrderCanceled") {
		t.Errorf("source %q does not name the file", v2.Source)
	}
	if v2.DocsURL != DocsBase+"wix-shop-v2/events/on-order-canceled" {
		t.Errorf("docs URL %q", v2.DocsURL)
	}
}

func TestUnsettledConflictIsAnError(t *testing.T) {
	_, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(`{}`)})
	if err == nil || !strings.Contains(err.Error(), "unsettled handler conflict: wix-shop-backend onOrderVoided") {
		t.Fatalf("want an unsettled conflict for the copied example, got %v", err)
	}
}

func TestOverlaySettlesConflictAndRecordsReason(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	e := event(t, f, "wix-shop-backend", "onOrderVoided")
	if e.Handler != "wixShop_onOrderVoided" || !strings.Contains(e.Source, "settled in overlay: example copied from onOrderPaid") {
		t.Errorf("settled event = %+v", e)
	}
}

func TestOverlayEntriesMustBeUsedAndReasoned(t *testing.T) {
	cases := map[string]struct{ overlay, want string }{
		"handler for an event without conflict": {
			`{"handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided", "reason": "r"},
			               {"module": "wix-shop-backend", "event": "onOrderPaid", "handler": "wixShop_onOrderPaid", "reason": "r"}]}`,
			"settles nothing"},
		"entry for an unknown event": {
			`{"handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided", "reason": "r"}],
			  "payloadTypes": [{"module": "nope", "event": "onNothing", "type": "x.y", "reason": "r"}]}`,
			"payloadTypes[0] matches no event"},
		"entry without reason": {
			`{"handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided"}]}`,
			"has no reason"},
		"unknown key": {`{"handler": []}`, "unknown field"},
		"handler naming another event": {
			`{"handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderPaid", "reason": "r"}]}`,
			"does not name that event"},
		"prefix alias to a prefix nobody uses": {
			`{"handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided", "reason": "r"}],
			  "prefixAliases": [{"wrong": "shop", "prefix": "wixShopping", "reason": "r"}]}`,
			"no event has that prefix"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(tc.overlay)})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("want error containing %q, got %v", tc.want, err)
			}
		})
	}
}

func TestDeprecationDateAndReplacement(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	e := event(t, f, "wix-shop-backend", "onOrderVoided")
	if e.Status != "deprecated" || e.SunsetDate != "2024-09-04" || e.Replacement != "wixShopV2_onOrderCanceled" {
		t.Errorf("deprecation = status %q date %q replacement %q", e.Status, e.SunsetDate, e.Replacement)
	}
	if p := event(t, f, "wix-shop-backend", "onOrderPaid"); p.Status != "current" || p.Replacement != "" {
		t.Errorf("current event = %+v", p)
	}
}

// fieldsOf expands a payload like the loader does, to check nesting.
func fieldsOf(f *schema.File, ref, depth int) map[string]schema.Field {
	out := map[string]schema.Field{}
	var walk func(prefix string, ref, depth int)
	walk = func(prefix string, ref, depth int) {
		if ref == 0 || depth == 0 {
			return
		}
		for _, fl := range f.Types[ref-1].Fields {
			out[prefix+fl.Name] = fl
			walk(prefix+fl.Name+".", fl.Ref, depth-1)
		}
	}
	walk("", ref, depth)
	return out
}

func TestPayloadFieldsNestAndMarkArrays(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	paid := event(t, f, "wix-shop-backend", "onOrderPaid")
	if paid.PayloadType != "Order" {
		t.Errorf("payload type %q", paid.PayloadType)
	}
	fs := fieldsOf(f, paid.Payload, f.Depth)
	if l := fs["lines"]; !l.Array || l.Type != "Line" {
		t.Errorf("lines = %+v, want an array of Line", l)
	}
	for _, want := range []string{"lines.sku", "buyer.address", "buyer.address.city"} {
		if _, ok := fs[want]; !ok {
			t.Errorf("missing nested field %s (have %v)", want, keys(fs))
		}
	}
	if _, ok := fs["buyer.address.geo.lat"]; !ok && f.Depth >= 4 {
		t.Errorf("buyer.address.geo.lat is within Depth=%d but missing", f.Depth)
	}
	for k := range fieldsOf(f, paid.Payload, f.Depth+2) {
		if strings.Count(k, ".") >= f.Depth {
			t.Errorf("%s nests deeper than Depth=%d", k, f.Depth)
		}
	}
	v2 := event(t, f, "wix-shop.v2", "onOrderCanceled")
	vs := fieldsOf(f, v2.Payload, f.Depth)
	if d := vs["data"]; !d.Optional || d.Type != "Data" {
		t.Errorf("v2 data field = %+v", d)
	}
	if tg := vs["tags"]; !tg.Array || tg.Type != "string" {
		t.Errorf("v2 complexType array = %+v", tg)
	}
	if _, ok := vs["data.orderId"]; !ok {
		t.Errorf("v2 nested field missing: %v", keys(vs))
	}
	if v2.PayloadType != "OrderCanceled" {
		t.Errorf("v2 payload display name %q", v2.PayloadType)
	}
}

func TestTwoPartReferenceResolvesInModule(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	e := event(t, f, "wix-shop-backend", "onOrderVoided") // type "wix-shop-backend.Item"
	if fs := fieldsOf(f, e.Payload, 1); len(fs) != 1 || fs["name"].Type != "string" {
		t.Errorf("Item fields = %v", fs)
	}
}

func TestProseNameMustMatchAnEvent(t *testing.T) {
	fsys := fixture()
	fsys["wix-shop-backend/wix-shop-backend/Events.service.json"].Data = []byte(strings.Replace(
		string(fsys["wix-shop-backend/wix-shop-backend/Events.service.json"].Data),
		"export function wixShop_onOrderPaid(event) { }\"]}", "export function wixShopBackend_onOrderPaid(event) { }\"]}", 1))
	_, _, err := Generate(Inputs{Docs: fsys, Overlay: []byte(okOverlay)})
	if err == nil || !strings.Contains(err.Error(), "introduction names wixShopBackend_onOrderPaid") {
		t.Fatalf("want a prose-name conflict, got %v", err)
	}
}

func TestSortedAndHooks(t *testing.T) {
	f := mustGenerate(t, fixture(), okOverlay)
	for i := 1; i < len(f.Events); i++ {
		if f.Events[i-1].Handler > f.Events[i].Handler {
			t.Errorf("events not sorted: %s before %s", f.Events[i-1].Handler, f.Events[i].Handler)
		}
	}
	if strings.Join(f.DataHooks, ",") != "afterInsert,beforeQuery" {
		t.Errorf("data hooks %v", f.DataHooks)
	}
	if len(f.Modules) != 2 || f.Modules[0].Name != "wix-shop-backend" || f.Modules[1].Name != "wix-shop.v2" {
		t.Errorf("modules %+v", f.Modules)
	}
}

func TestEncodingsAreDeterministic(t *testing.T) {
	a := mustGenerate(t, fixture(), okOverlay)
	b := mustGenerate(t, fixture(), okOverlay)
	ga, _ := EncodeBinary(a)
	gb, _ := EncodeBinary(b)
	ja, _ := EncodeJSON(a)
	jb, _ := EncodeJSON(b)
	if string(ga) != string(gb) || string(ja) != string(jb) {
		t.Fatal("two runs over the same input encode differently")
	}
}

func TestKebabCamelDescribe(t *testing.T) {
	for in, want := range map[string]string{"onInvoicePaid": "on-invoice-paid", "onMessage": "on-message"} {
		if got := kebab(in); got != want {
			t.Errorf("kebab(%q) = %q", in, got)
		}
		if got := camel(want); got != in {
			t.Errorf("camel(%q) = %q", want, got)
		}
	}
	if got := describe("onBookingNumberOfParticipantsUpdated"); got != "Booking number of participants updated." {
		t.Errorf("describe = %q", got)
	}
}

func keys(m map[string]schema.Field) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestAliasRemovedAndTypingsEntries(t *testing.T) {
	fsys := fixture()
	fsys["wix-shop-backend/wix-shop-backend/Events.service.json"].Data = []byte(strings.Replace(
		string(fsys["wix-shop-backend/wix-shop-backend/Events.service.json"].Data),
		`"operations": [`,
		`"operations": [
    {"name": "onShopOrderPaid", "params": [{"name": "event", "type": "wix-shop-backend.Orders.Order"}],
     "docs": {"summary": "Same as onOrderPaid.", "examples": [{"body": ["export function wixShop_onOrderPaid(event) {}"]}]}},`, 1))
	overlay := `{
  "handlers": [{"module": "wix-shop-backend", "event": "onOrderVoided", "handler": "wixShop_onOrderVoided", "reason": "copied example"}],
  "aliases": [{"module": "wix-shop-backend", "event": "onShopOrderPaid", "aliasOf": "onOrderPaid", "reason": "second entry for the same event"}],
  "removed": [{"module": "wix-shop-backend", "event": "onOrderLost", "handler": "wixShop_onOrderLost", "replacement": "wixShop_onOrderPaid", "source": "typings", "reason": "renamed"}],
  "typings": [{"module": "wix-shop-backend", "event": "onOrderLost", "finding": "only-in-typings", "reason": "old name"},
              {"module": "wix-shop-backend", "event": "onShopOrderPaid", "finding": "alias-in-typings", "reason": "typed separately"}]
}`
	f := mustGenerate(t, fsys, overlay)
	for _, e := range f.Events {
		if e.Event == "onShopOrderPaid" {
			t.Errorf("alias kept as its own event: %+v", e)
		}
	}
	if paid := event(t, f, "wix-shop-backend", "onOrderPaid"); !strings.Contains(paid.Source, "also documented as onShopOrderPaid") {
		t.Errorf("alias not noted in source: %q", paid.Source)
	}
	lost := event(t, f, "wix-shop-backend", "onOrderLost")
	if lost.Status != "removed" || lost.Replacement != "wixShop_onOrderPaid" || lost.Payload != 0 {
		t.Errorf("removed entry = %+v", lost)
	}
	// Without the alias entry the copied example is an unsettled conflict.
	noAlias := strings.Replace(overlay, `"aliases": [{"module": "wix-shop-backend", "event": "onShopOrderPaid", "aliasOf": "onOrderPaid", "reason": "second entry for the same event"}],`, "", 1)
	noAlias = strings.Replace(noAlias, `,
              {"module": "wix-shop-backend", "event": "onShopOrderPaid", "finding": "alias-in-typings", "reason": "typed separately"}`, "", 1)
	if _, _, err := Generate(Inputs{Docs: fsys, Overlay: []byte(noAlias)}); err == nil || !strings.Contains(err.Error(), "onShopOrderPaid") {
		t.Errorf("want a conflict for onShopOrderPaid, got %v", err)
	}
	// A typings note that no longer holds is an error.
	stale := strings.Replace(overlay, `"event": "onOrderLost", "finding": "only-in-typings"`, `"event": "onOrderPaid", "finding": "only-in-typings"`, 1)
	if _, _, err := Generate(Inputs{Docs: fsys, Overlay: []byte(stale)}); err == nil || !strings.Contains(err.Error(), "the docs declare it now") {
		t.Errorf("want a stale typings error, got %v", err)
	}
}
