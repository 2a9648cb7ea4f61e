package sdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// fakeRegistry serves version documents and tarballs the way the npm
// registry does: GET /@scope%2fname/<version|latest> and GET /t/<file>.
type fakeRegistry struct {
	mu       sync.Mutex
	srv      *httptest.Server
	versions map[string]map[string][]byte // package → version → tarball
	latest   map[string]string
	// integrity overrides what the document states for name@version
	integrity map[string]string
	// swap serves another tarball for name@version than the document describes
	swap map[string][]byte
}

func newFakeRegistry(t *testing.T) *fakeRegistry {
	r := &fakeRegistry{versions: map[string]map[string][]byte{}, latest: map[string]string{},
		integrity: map[string]string{}, swap: map[string][]byte{}}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *fakeRegistry) client() *Client {
	return &Client{Registry: r.srv.URL + "/", HTTP: r.srv.Client()}
}

func (r *fakeRegistry) publish(name, version string, tgz []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.versions[name] == nil {
		r.versions[name] = map[string][]byte{}
	}
	r.versions[name][version] = tgz
	r.latest[name] = version
}

func (r *fakeRegistry) serve(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := req.URL.EscapedPath()
	if strings.HasPrefix(p, "/t/") {
		key, _ := url.PathUnescape(strings.TrimPrefix(p, "/t/"))
		name, version, _ := strings.Cut(key, "@@")
		if b, ok := r.swap[name+"@"+version]; ok {
			w.Write(b)
			return
		}
		if b, ok := r.versions[name][version]; ok {
			w.Write(b)
			return
		}
		http.NotFound(w, req)
		return
	}
	i := strings.LastIndexByte(p, '/')
	name, _ := url.PathUnescape(p[1:i])
	version := p[i+1:]
	if version == "latest" {
		version = r.latest[name]
	}
	tgz, ok := r.versions[name][version]
	if !ok {
		http.NotFound(w, req)
		return
	}
	integ := Integrity(tgz)
	if v, ok := r.integrity[name+"@"+version]; ok {
		integ = v
	}
	doc := map[string]any{"name": name, "version": version, "dist": map[string]string{
		"integrity": integ,
		"tarball":   r.srv.URL + "/t/" + url.PathEscape(name+"@@"+version),
	}}
	json.NewEncoder(w).Encode(doc)
}

// thingPackage is a small real-shaped package tarball.
func thingPackage(t *testing.T, name, version, extraField string) []byte {
	return makeTgz(t,
		tarEntry{name: "package/package.json", body: fmt.Sprintf(`{"name":%q,"version":%q,"types":"./build/cjs/index.d.ts"}`, name, version)},
		tarEntry{name: "package/build/cjs/index.d.ts", body: `import { EventDefinition } from '@wix/sdk-types';
export interface ThingCreatedEnvelope { entity: Thing; }
export interface Thing { id: string; ` + extraField + ` }
export declare const onThingCreated: EventDefinition<ThingCreatedEnvelope, "wix.test.v1.thing_created">;`},
	)
}

func TestFetchVerifiesIntegrity(t *testing.T) {
	reg := newFakeRegistry(t)
	good := thingPackage(t, "@wix/auto_sdk_test_things", "1.0.0", "")
	reg.publish("@wix/auto_sdk_test_things", "1.0.0", good)
	ctx := context.Background()
	c := reg.client()

	tgz, m, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "1.0.0", "")
	if err != nil || string(tgz) != string(good) || m.Dist.Integrity != Integrity(good) {
		t.Fatalf("FetchVerified = %d bytes, %v, %v", len(tgz), m, err)
	}
	if _, _, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "latest", Integrity(good)); err != nil {
		t.Errorf("latest with the right pin: %v", err)
	}

	t.Run("a tarball that does not match the registry's integrity", func(t *testing.T) {
		reg.swap["@wix/auto_sdk_test_things@1.0.0"] = thingPackage(t, "@wix/auto_sdk_test_things", "1.0.0", "evil: string;")
		defer delete(reg.swap, "@wix/auto_sdk_test_things@1.0.0")
		if _, _, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "1.0.0", ""); err == nil || !strings.Contains(err.Error(), "integrity mismatch") {
			t.Errorf("err = %v, want an integrity mismatch", err)
		}
	})
	t.Run("a registry integrity that is not the pin", func(t *testing.T) {
		if _, _, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "1.0.0", "sha512-AAAA"); err == nil || !strings.Contains(err.Error(), "not the pinned") {
			t.Errorf("err = %v, want a pin mismatch", err)
		}
	})
	t.Run("no sha512 integrity at all", func(t *testing.T) {
		reg.integrity["@wix/auto_sdk_test_things@1.0.0"] = "sha1-deadbeef"
		defer delete(reg.integrity, "@wix/auto_sdk_test_things@1.0.0")
		if _, _, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "1.0.0", ""); err == nil || !strings.Contains(err.Error(), "no sha512") {
			t.Errorf("err = %v, want no sha512", err)
		}
	})
	t.Run("an unknown version", func(t *testing.T) {
		if _, _, err := c.FetchVerified(ctx, "@wix/auto_sdk_test_things", "9.9.9", ""); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("err = %v, want a 404", err)
		}
	})
}

func TestVerifyIntegrity(t *testing.T) {
	data := []byte("hello")
	good := Integrity(data)
	for _, c := range []struct {
		integrity string
		ok        bool
	}{
		{good, true},
		{"sha1-abc " + good, true},
		{good + "?opt", true},
		{"sha512-" + strings.Repeat("A", 86) + "==", false},
		{"sha1-abc", false},
		{"", false},
		{"sha512-!!!", false},
	} {
		err := VerifyIntegrity(data, c.integrity)
		if (err == nil) != c.ok {
			t.Errorf("VerifyIntegrity(%q) = %v, want ok=%v", c.integrity, err, c.ok)
		}
	}
}

func TestRegistryFor(t *testing.T) {
	home := t.TempDir()
	work := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("npm_config_registry", "")
	t.Setenv("NPM_CONFIG_REGISTRY", "")
	t.Setenv("npm_config_userconfig", "")
	t.Setenv("NPM_CONFIG_USERCONFIG", "")
	t.Chdir(work)

	if got := RegistryFor("@wix"); got != DefaultRegistry {
		t.Errorf("nothing configured: %s, want %s", got, DefaultRegistry)
	}
	os.WriteFile(filepath.Join(home, ".npmrc"), []byte("registry=https://user.example/npm\n"), 0o644)
	if got := RegistryFor("@wix"); got != "https://user.example/npm/" {
		t.Errorf("user .npmrc: %s", got)
	}
	os.WriteFile(filepath.Join(work, ".npmrc"), []byte("; comment\nregistry = \"https://project.example/\"\n@other:registry=https://other.example/\n"), 0o644)
	if got := RegistryFor("@wix"); got != "https://project.example/" {
		t.Errorf("project .npmrc wins over the user's: %s", got)
	}
	t.Setenv("MIRROR", "mirror.example")
	os.WriteFile(filepath.Join(work, ".npmrc"), []byte("registry=https://project.example/\n@wix:registry=https://${MIRROR}/wix\n"), 0o644)
	if got := RegistryFor("@wix"); got != "https://mirror.example/wix/" {
		t.Errorf("a scoped registry wins, ${VAR} expands: %s", got)
	}
	t.Setenv("npm_config_registry", "https://env.example")
	if got := RegistryFor("@wix"); got != "https://env.example/" {
		t.Errorf("the environment wins: %s", got)
	}
}
