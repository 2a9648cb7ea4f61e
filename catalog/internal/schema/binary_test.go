package schema

import (
	"reflect"
	"testing"
)

func sample() *File {
	return &File{
		Version: Version, Depth: 3,
		Modules: []Module{{Name: "wix-a-backend", Prefixes: []string{"wixA", "wixAB"}, DocsURL: "https://x/a", Status: "current"}},
		Events: []Event{
			{Module: "wix-a-backend", Event: "onX", Handler: "wixA_onX", Status: "deprecated", Replacement: "wixAB_onY", Notice: "module closed (https://x/n)",
				SunsetDate: "2024-09-04", Maturity: "stable", PayloadType: "T", Payload: 1, Description: "X.", DocsURL: "https://x/a/on-x", Source: "f#onX"},
			{Module: "wix-a-backend", Event: "onY", Handler: "wixAB_onY", Aliases: []string{"wixA_onY", "wixAV1_onY"}, Status: "current", Maturity: "developer-preview", DocsURL: "https://x/a/on-y", Source: "f#onY", Example: `{"a":1}`},
		},
		Types: []Type{
			{Name: "T", Fields: []Field{{Name: "a", Type: "U", Array: true, Ref: 2}, {Name: "b", Type: "string", Optional: true, Values: []string{"ON", "OFF"}}}},
			{Name: "U", Fields: []Field{{Name: "c", Type: "number", Array: true, Optional: true}}},
		},
		PrefixAliases: []PrefixAlias{{Wrong: "wixAlpha", Prefix: "wixA"}},
		DataHooks:     []string{"afterInsert", "beforeQuery"},
		Unnamed:       []Unnamed{{Module: "wix-a.v3", Event: "onZ", DocsURL: "https://x/a3/on-z", Source: "pages"}},
		Provenance: Provenance{Date: "2026-12-01", Sources: []Source{
			{Name: "DocWorks", Pinned: "2026-03-06", Facts: 2}, {Name: "pages", Pinned: "read 2026-12-01", Facts: 1}}},
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	f := sample()
	data := EncodeBinary(f)
	if !IsBinary(data) {
		t.Fatal("encoded data lacks the magic")
	}
	g, err := DecodeBinary(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f, g) {
		t.Errorf("round trip changed the data:\n%+v\n%+v", f, g)
	}
	if string(EncodeBinary(g)) != string(data) {
		t.Error("re-encoding differs")
	}
}

func TestBinaryRejectsCorruptData(t *testing.T) {
	data := EncodeBinary(sample())
	for name, bad := range map[string][]byte{
		"empty":      nil,
		"no magic":   []byte("JSON{}"),
		"truncated":  data[:len(data)-3],
		"trailing":   append(append([]byte{}, data...), 0),
		"huge count": append([]byte(magic+string(rune(Version))), 0xff, 0xff, 0xff, 0xff, 0x0f),
	} {
		if _, err := DecodeBinary(bad); err == nil {
			t.Errorf("%s: decoded without error", name)
		}
	}
	if f, err := DecodeBinary(append([]byte(magic), Version+1)); err != nil || f.Version != Version+1 {
		t.Errorf("another version should decode its number for the caller to report: %v %v", f, err)
	}
}
