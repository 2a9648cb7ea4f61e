package sdk

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DefaultRegistry is used when neither the environment nor an .npmrc names
// a registry.
const DefaultRegistry = "https://registry.npmjs.org/"

// Limits on what the registry may send.
const (
	MaxMetaSize    = 16 << 20 // one version document
	MaxTarballSize = 64 << 20 // one tarball, compressed
)

// Client talks to one npm registry. It sends no credentials.
type Client struct {
	Registry string // base URL, ending in "/"
	HTTP     *http.Client
}

// NewClient returns a client for the registry configured for @wix packages
// (see RegistryFor).
func NewClient() *Client {
	return &Client{Registry: RegistryFor("@wix"), HTTP: &http.Client{Timeout: 2 * time.Minute}}
}

// RegistryFor returns the registry npm would use for packages of scope
// ("@wix"): the environment's npm_config_registry first, then, in the
// project's .npmrc (the working directory's) and then the user's
// (npm_config_userconfig, or ~/.npmrc), a "<scope>:registry" line or a
// "registry" line; DefaultRegistry when none is set. The result ends in "/".
func RegistryFor(scope string) string {
	reg := ""
	for _, k := range []string{"npm_config_" + scope + ":registry", "npm_config_registry", "NPM_CONFIG_REGISTRY"} {
		if v := os.Getenv(k); v != "" {
			reg = v
			break
		}
	}
	if reg == "" {
		var rcs []string
		if wd, err := os.Getwd(); err == nil {
			rcs = append(rcs, filepath.Join(wd, ".npmrc"))
		}
		if u := firstEnv("npm_config_userconfig", "NPM_CONFIG_USERCONFIG"); u != "" {
			rcs = append(rcs, u)
		} else if home, err := os.UserHomeDir(); err == nil {
			rcs = append(rcs, filepath.Join(home, ".npmrc"))
		}
		for _, rc := range rcs {
			if v := npmrcRegistry(rc, scope); v != "" {
				reg = v
				break
			}
		}
	}
	if reg == "" {
		reg = DefaultRegistry
	}
	if !strings.HasSuffix(reg, "/") {
		reg += "/"
	}
	return reg
}

func firstEnv(keys ...string) string {
	for _, k := range keys {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

// npmrcRegistry reads the registry an .npmrc sets for scope: the scoped
// key wins over the plain one. ${VAR} in a value is expanded.
func npmrcRegistry(path, scope string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	plain, scoped := "", ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.Trim(strings.TrimSpace(v), `"'`)
		v = os.Expand(v, os.Getenv)
		switch k {
		case "registry":
			plain = v
		case scope + ":registry":
			scoped = v
		}
	}
	if scoped != "" {
		return scoped
	}
	return plain
}

// VersionMeta is what the registry says about one version of a package.
type VersionMeta struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Dist    struct {
		Integrity string `json:"integrity"`
		Tarball   string `json:"tarball"`
	} `json:"dist"`
}

// escapeName spells a package name the way registry URLs want it:
// "@wix/auto_sdk_x" → "@wix%2fauto_sdk_x".
func escapeName(name string) string {
	if strings.HasPrefix(name, "@") {
		if scope, rest, ok := strings.Cut(name, "/"); ok {
			return scope + "%2f" + url.PathEscape(rest)
		}
	}
	return url.PathEscape(name)
}

// Meta fetches the registry's document for name at version (a version
// number or a dist-tag such as "latest").
func (c *Client) Meta(ctx context.Context, name, version string) (*VersionMeta, error) {
	if name == "" || version == "" {
		return nil, errors.New("sdk: package name and version are required")
	}
	u := c.Registry + escapeName(name) + "/" + url.PathEscape(version)
	body, err := c.get(ctx, u, MaxMetaSize)
	if err != nil {
		return nil, err
	}
	var m VersionMeta
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("sdk: %s@%s: registry document: %w", name, version, err)
	}
	if m.Name != name {
		return nil, fmt.Errorf("sdk: %s@%s: the registry answered for %q", name, version, m.Name)
	}
	if m.Version == "" || m.Dist.Tarball == "" {
		return nil, fmt.Errorf("sdk: %s@%s: the registry document names no version or tarball", name, version)
	}
	return &m, nil
}

// FetchVerified downloads the tarball of name@version and checks it
// against the registry's dist.integrity (sha512), and against want too
// when want is set (a pin). It refuses on any mismatch, and when the
// registry gives no sha512 integrity.
func (c *Client) FetchVerified(ctx context.Context, name, version, want string) ([]byte, *VersionMeta, error) {
	m, err := c.Meta(ctx, name, version)
	if err != nil {
		return nil, nil, err
	}
	if want != "" && m.Dist.Integrity != want {
		return nil, nil, fmt.Errorf("sdk: %s@%s: the registry's integrity %s is not the pinned %s", name, m.Version, m.Dist.Integrity, want)
	}
	tu, err := url.Parse(m.Dist.Tarball)
	if err != nil || tu.Scheme != "https" && tu.Scheme != "http" {
		return nil, nil, fmt.Errorf("sdk: %s@%s: tarball URL %q is not http(s)", name, m.Version, m.Dist.Tarball)
	}
	tgz, err := c.get(ctx, m.Dist.Tarball, MaxTarballSize)
	if err != nil {
		return nil, nil, err
	}
	if err := VerifyIntegrity(tgz, m.Dist.Integrity); err != nil {
		return nil, nil, fmt.Errorf("sdk: %s@%s: %w", name, m.Version, err)
	}
	return tgz, m, nil
}

// VerifyIntegrity checks data against a Subresource Integrity string as npm
// writes it ("sha512-<base64>", possibly several hashes separated by
// spaces). Only sha512 hashes count; data must match one of them.
func VerifyIntegrity(data []byte, integrity string) error {
	sum := sha512.Sum512(data)
	found := false
	for _, h := range strings.Fields(integrity) {
		algo, digest, ok := strings.Cut(h, "-")
		if !ok || algo != "sha512" {
			continue
		}
		digest, _, _ = strings.Cut(digest, "?")
		want, err := base64.StdEncoding.DecodeString(digest)
		if err != nil {
			return fmt.Errorf("integrity %q: %w", h, err)
		}
		found = true
		if bytes.Equal(want, sum[:]) {
			return nil
		}
	}
	if !found {
		return fmt.Errorf("integrity %q has no sha512 hash", integrity)
	}
	return fmt.Errorf("integrity mismatch: the tarball's sha512 is %s, the registry's %s",
		"sha512-"+base64.StdEncoding.EncodeToString(sum[:]), integrity)
}

// Integrity is the sha512 Subresource Integrity string of data.
func Integrity(data []byte) string {
	sum := sha512.Sum512(data)
	return "sha512-" + base64.StdEncoding.EncodeToString(sum[:])
}

func (c *Client) get(ctx context.Context, u string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("sdk: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "velo-lsp-sdkpin")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sdk: GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("sdk: GET %s: %s", u, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("sdk: GET %s: %w", u, err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("sdk: GET %s: more than %d bytes", u, limit)
	}
	return body, nil
}

// Reachable reports whether the registry answers at all (any HTTP status)
// within the context's deadline.
func (c *Client) Reachable(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.Registry, nil)
	if err != nil {
		return err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}
