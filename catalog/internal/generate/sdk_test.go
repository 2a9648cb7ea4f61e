package generate

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/velo-lsp/velo-lsp/catalog/internal/schema"
	"github.com/velo-lsp/velo-lsp/catalog/internal/sdk"
)

// shopSDK is a package whose onOrderCanceled envelope has every field
// DocWorks documents and one more, with the SDK's own metadata; it also
// declares onOrderRefunded (added by the pages fixture) and onOrderLost,
// which no page names.
func shopSDK(dataFields ...sdk.Field) *SDKSource {
	if dataFields == nil {
		dataFields = []sdk.Field{{Name: "orderId", Type: "string"}, {Name: "reason", Type: "string", Optional: true}}
	}
	pkg := &sdk.Package{Name: "@wix/auto_sdk_shop_orders", Version: "1.0.1", Integrity: "sha512-x",
		Events: []sdk.Event{
			{Name: "onOrderCanceled", EventType: "wix.shop.v1.order_canceled", Envelope: "OrderCanceledEnvelope"},
			{Name: "onOrderRefunded", EventType: "wix.shop.v1.order_refunded", Envelope: "OrderRefundedEnvelope"},
			{Name: "onOrderLost", EventType: "wix.shop.v1.order_lost", Envelope: "OrderCanceledEnvelope"},
		},
		Types: []sdk.Type{
			{Name: "EventMetadata", Kind: sdk.KindInterface, Fields: []sdk.Field{{Name: "_id", Type: "string"}}},
			{Name: "OrderCanceled", Kind: sdk.KindInterface, Fields: dataFields},
			{Name: "OrderCanceledEnvelope", Kind: sdk.KindInterface, Fields: []sdk.Field{
				{Name: "data", Type: "OrderCanceled", Ref: "OrderCanceled"},
				{Name: "metadata", Type: "EventMetadata", Ref: "EventMetadata"},
				{Name: "tags", Type: "string", Array: true}}},
			{Name: "OrderRefundedEnvelope", Kind: sdk.KindInterface, Fields: []sdk.Field{
				{Name: "entity", Type: "Refund", Ref: "Refund"},
				{Name: "metadata", Type: "EventMetadata", Ref: "EventMetadata"}}},
			{Name: "Refund", Kind: sdk.KindInterface, Fields: []sdk.Field{{Name: "amount", Type: "string"}, {Name: "internal", Type: "string", Hidden: true}}},
		}}
	return &SDKSource{Pins: []sdk.Pin{{Package: pkg.Name, Version: pkg.Version, Integrity: pkg.Integrity, VeloModule: "wix-shop.v2"}},
		Packages: map[string]*sdk.Package{pkg.Name: pkg}}
}

func fieldNames(f *schema.File, e schema.Event) map[string]bool {
	out := map[string]bool{}
	var walk func(ref int, prefix string, depth int)
	walk = func(ref int, prefix string, depth int) {
		if ref == 0 || depth == 0 {
			return
		}
		for _, fl := range f.Types[ref-1].Fields {
			out[prefix+fl.Name] = true
			walk(fl.Ref, prefix+fl.Name+".", depth-1)
		}
	}
	walk(e.Payload, "", 3)
	return out
}

func TestSDKExtendsDocWorksPayloadAndKeepsVeloMetadata(t *testing.T) {
	f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(okOverlay), Pages: []byte(pagesFixture), SDK: shopSDK()})
	if err != nil {
		t.Fatal(err)
	}
	e := event(t, f, "wix-shop.v2", "onOrderCanceled")
	names := fieldNames(f, e)
	for _, want := range []string{"data.orderId", "data.reason", "tags", "metadata.id", "metadata.eventTime"} {
		if !names[want] {
			t.Errorf("payload lacks %s: %v", want, names)
		}
	}
	if names["metadata._id"] {
		t.Error("the SDK's metadata replaced Velo's")
	}
	if !strings.Contains(e.Source, "payload from @wix/auto_sdk_shop_orders@1.0.1 onOrderCanceled, which has every field DocWorks documents") {
		t.Errorf("source %s", e.Source)
	}
	// An event only the pages name takes its payload from the SDK.
	r := fieldNames(f, event(t, f, "wix-shop.v2", "onOrderRefunded"))
	if !r["entity.amount"] || r["entity.internal"] || !r["metadata.id"] {
		t.Errorf("pages event payload %v", r)
	}
	// An SDK event no page or DocWorks names is unnamed; the one a page
	// lists without a name is unnamed once.
	n := 0
	for _, u := range f.Unnamed {
		if u.Event == "onOrderLost" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("onOrderLost unnamed %d times: %+v", n, f.Unnamed)
	}
	if len(f.Provenance.Sources) != 3 {
		t.Errorf("provenance %+v", f.Provenance)
	}
}

func TestSDKDisagreementNeedsTheOverlay(t *testing.T) {
	// The SDK lacks DocWorks's data.orderId: a disagreement.
	other := shopSDK(sdk.Field{Name: "orderNumber", Type: "string"})
	_, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(okOverlay), SDK: other})
	if err == nil || !strings.Contains(err.Error(), "DocWorks only: data.orderId; SDK only: data.orderNumber") {
		t.Fatalf("want a payload disagreement, got %v", err)
	}
	for use, want := range map[string][]string{
		"docworks": {"data.orderId"},
		"sdk":      {"data.orderNumber", "metadata.id"},
		"union":    {"data.orderId", "data.orderNumber", "metadata.id"},
		"unknown":  nil,
	} {
		for _, ev := range []string{"onOrderCanceled", "*"} {
			ov := strings.Replace(okOverlay, `"prefixAliases"`, `"payloads": [{"module": "wix-shop.v2", "event": "`+ev+`", "use": "`+use+`", "reason": "r"}],
  "prefixAliases"`, 1)
			f, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(ov), SDK: other})
			if err != nil {
				t.Fatalf("%s/%s: %v", use, ev, err)
			}
			e := event(t, f, "wix-shop.v2", "onOrderCanceled")
			names := fieldNames(f, e)
			for _, w := range want {
				if !names[w] {
					t.Errorf("%s/%s: payload lacks %s: %v", use, ev, w, names)
				}
			}
			if want == nil && e.Payload != 0 {
				t.Errorf("unknown: payload %v", names)
			}
		}
	}
	// An entry for an event the sources agree on settles nothing.
	ov := strings.Replace(okOverlay, `"prefixAliases"`, `"payloads": [{"module": "wix-shop.v2", "event": "onOrderCanceled", "use": "sdk", "reason": "r"}],
  "prefixAliases"`, 1)
	if _, _, err := Generate(Inputs{Docs: fixture(), Overlay: []byte(ov), SDK: shopSDK()}); err == nil || !strings.Contains(err.Error(), "settles nothing") {
		t.Errorf("want settles nothing, got %v", err)
	}
}

func TestLoadSDKChecksPinsAgainstDigests(t *testing.T) {
	src := shopSDK()
	digest, err := sdk.MarshalDigest(src.Packages["@wix/auto_sdk_shop_orders"])
	if err != nil {
		t.Fatal(err)
	}
	pins := `[{"package":"@wix/auto_sdk_shop_orders","version":"1.0.1","integrity":"sha512-x","veloModule":"wix-shop.v2"}]`
	good := fstest.MapFS{"sdk.json": {Data: []byte(pins)}, "sdk/auto_sdk_shop_orders.json": {Data: digest}}
	if s, err := LoadSDK(good); err != nil || len(s.Pins) != 1 {
		t.Fatalf("LoadSDK: %v", err)
	}
	for name, fsys := range map[string]fstest.MapFS{
		"moved pin":       {"sdk.json": {Data: []byte(strings.Replace(pins, "1.0.1", "1.0.2", 1))}, "sdk/auto_sdk_shop_orders.json": {Data: digest}},
		"no digest":       {"sdk.json": {Data: []byte(pins)}, "sdk/.keep": {Data: nil}},
		"unpinned digest": {"sdk.json": {Data: []byte(pins)}, "sdk/auto_sdk_shop_orders.json": {Data: digest}, "sdk/auto_sdk_other.json": {Data: digest}},
	} {
		if _, err := LoadSDK(fsys); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
