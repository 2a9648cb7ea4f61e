package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// Pin is one package the catalog reads (an entry of catalog/sources/sdk.json).
type Pin struct {
	Package    string `json:"package"`    // "@wix/auto_sdk_restaurants_items"
	Version    string `json:"version"`    // "1.0.89"
	Integrity  string `json:"integrity"`  // the registry's dist.integrity for that version
	VeloModule string `json:"veloModule"` // the Velo module whose events these are: "wix-restaurants.v2"
}

// DigestFile is the digest's file name for a package: the name without
// "@wix/", plus ".json".
func DigestFile(pkg string) string {
	return strings.TrimPrefix(pkg, "@wix/") + ".json"
}

// ParsePins reads sdk.json and checks every entry is complete and unique.
func ParsePins(data []byte) ([]Pin, error) {
	var pins []Pin
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&pins); err != nil {
		return nil, fmt.Errorf("sdk pins: %w", err)
	}
	seen := map[string]bool{}
	for i, p := range pins {
		switch {
		case !strings.HasPrefix(p.Package, "@wix/auto_sdk_"):
			return nil, fmt.Errorf("sdk pins[%d]: %q is not an @wix/auto_sdk_* package", i, p.Package)
		case strings.ContainsAny(strings.TrimPrefix(p.Package, "@wix/"), `/\`) || strings.Contains(p.Package, ".."):
			return nil, fmt.Errorf("sdk pins[%d]: %q is not a plain package name", i, p.Package)
		case p.VeloModule == "":
			return nil, fmt.Errorf("sdk pins[%d] %s: no veloModule", i, p.Package)
		case seen[p.Package]:
			return nil, fmt.Errorf("sdk pins[%d]: %s is pinned twice", i, p.Package)
		}
		seen[p.Package] = true
	}
	return pins, nil
}

// readPins reads a pins file.
func readPins(path string) ([]Pin, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePins(data)
}

// MarshalPins writes pins sorted by module, then package, one per line.
func MarshalPins(pins []Pin) ([]byte, error) {
	ps := append([]Pin(nil), pins...)
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].VeloModule != ps[j].VeloModule {
			return ps[i].VeloModule < ps[j].VeloModule
		}
		return ps[i].Package < ps[j].Package
	})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteString("[")
	for i, p := range ps {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		if err := enc.Encode(p); err != nil {
			return nil, err
		}
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteString("\n]\n")
	return buf.Bytes(), nil
}
