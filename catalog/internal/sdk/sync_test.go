package sdk

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writePins(t *testing.T, path string, pins ...Pin) {
	t.Helper()
	data, err := MarshalPins(pins)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSyncWritesChecksAndMovesPins(t *testing.T) {
	const name = "@wix/auto_sdk_test_things"
	reg := newFakeRegistry(t)
	v1 := thingPackage(t, name, "1.0.0", "")
	reg.publish(name, "1.0.0", v1)
	reg.publish(name, "1.1.0", thingPackage(t, name, "1.1.0", "added?: boolean;"))
	reg.latest[name] = "1.1.0"

	dir := t.TempDir()
	pinsPath := filepath.Join(dir, "sdk.json")
	digests := filepath.Join(dir, "sdk")
	digest := filepath.Join(digests, "auto_sdk_test_things.json")
	writePins(t, pinsPath, Pin{Package: name, Version: "1.0.0", VeloModule: "wix-test.v2"})
	ctx := context.Background()
	opts := SyncOptions{Pins: pinsPath, Dir: digests, Client: reg.client()}
	check := opts
	check.Check = true

	// a pin without integrity gets the registry's; the digest is written
	res, err := Sync(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	pins, _ := readPins(pinsPath)
	if len(pins) != 1 || pins[0].Version != "1.0.0" || pins[0].Integrity != Integrity(v1) {
		t.Errorf("pins after sync: %+v", pins)
	}
	if len(res.Changed) != 1 || res.Events != 1 {
		t.Errorf("first sync: %+v", res)
	}
	data, err := os.ReadFile(digest)
	if err != nil || !strings.Contains(string(data), `"integrity":"`+Integrity(v1)+`"`) || !strings.Contains(string(data), `"eventType":"wix.test.v1.thing_created"`) {
		t.Fatalf("digest: %v\n%s", err, data)
	}

	// check: nothing differs now
	if res, err := Sync(ctx, check); err != nil || res.Differs() {
		t.Errorf("check after sync: %+v, %v", res, err)
	}

	// check: an edited digest and a stale one are reported, and left alone
	os.WriteFile(digest, append(data, ' '), 0o644)
	os.WriteFile(filepath.Join(digests, "auto_sdk_gone.json"), []byte("{}"), 0o644)
	res, err = Sync(ctx, check)
	if err != nil || strings.Join(res.Changed, ",") != "auto_sdk_test_things.json" || strings.Join(res.Stale, ",") != "auto_sdk_gone.json" {
		t.Errorf("check after edits: %+v, %v", res, err)
	}
	if now, _ := os.ReadFile(digest); string(now) != string(data)+" " {
		t.Error("check mode rewrote a digest")
	}
	if _, err := os.Stat(filepath.Join(digests, "auto_sdk_gone.json")); err != nil {
		t.Error("check mode removed a stale digest")
	}

	// sync repairs both
	if _, err := Sync(ctx, opts); err != nil {
		t.Fatal(err)
	}
	if now, _ := os.ReadFile(digest); string(now) != string(data) {
		t.Error("sync did not rewrite the edited digest")
	}
	if _, err := os.Stat(filepath.Join(digests, "auto_sdk_gone.json")); !os.IsNotExist(err) {
		t.Error("sync did not remove the stale digest")
	}

	// check -latest reports the move without making it; -latest makes it
	latestCheck := check
	latestCheck.Latest = true
	if res, err := Sync(ctx, latestCheck); err != nil || len(res.PinMoves) != 1 || !strings.Contains(res.PinMoves[0], "1.0.0 → 1.1.0") {
		t.Errorf("check -latest: %+v, %v", res, err)
	}
	latest := opts
	latest.Latest = true
	if _, err := Sync(ctx, latest); err != nil {
		t.Fatal(err)
	}
	pins, _ = readPins(pinsPath)
	if pins[0].Version != "1.1.0" {
		t.Errorf("after -latest: %+v", pins)
	}
	if now, _ := os.ReadFile(digest); !strings.Contains(string(now), `"name":"added"`) {
		t.Errorf("after -latest the digest is not the new version's:\n%s", now)
	}

	// a pin whose integrity the registry no longer matches is refused
	pins[0].Integrity = Integrity([]byte("something else"))
	writePins(t, pinsPath, pins...)
	if _, err := Sync(ctx, check); err == nil || !strings.Contains(err.Error(), "not the pinned") {
		t.Errorf("a changed integrity: err = %v", err)
	}
}

func TestParsePinsRefuses(t *testing.T) {
	for _, c := range []struct{ name, json, error string }{
		{"another registry's package", `[{"package":"left-pad","version":"1","integrity":"","veloModule":"m"}]`, "not an @wix/auto_sdk_"},
		{"a path in the name", `[{"package":"@wix/auto_sdk_a/../../x","version":"1","integrity":"","veloModule":"m"}]`, "not a plain package name"},
		{"no module", `[{"package":"@wix/auto_sdk_a","version":"1","integrity":""}]`, "no veloModule"},
		{"a package twice", `[{"package":"@wix/auto_sdk_a","version":"1","integrity":"","veloModule":"m"},{"package":"@wix/auto_sdk_a","version":"2","integrity":"","veloModule":"m"}]`, "pinned twice"},
		{"an unknown key", `[{"package":"@wix/auto_sdk_a","version":"1","integrity":"","veloModule":"m","extra":1}]`, "unknown field"},
	} {
		if _, err := ParsePins([]byte(c.json)); err == nil || !strings.Contains(err.Error(), c.error) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.error)
		}
	}
}
