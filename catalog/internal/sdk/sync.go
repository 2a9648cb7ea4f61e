package sdk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// SyncOptions says what Sync does; see the sdkpin command.
type SyncOptions struct {
	Pins   string  // the pins file: catalog/sources/sdk.json
	Dir    string  // the digests folder: catalog/sources/sdk
	Check  bool    // compare only; write nothing
	Latest bool    // move every pin to the registry's latest version first
	Jobs   int     // packages fetched at once (default 4)
	Client *Client // default NewClient()
}

// SyncResult lists what differs from the committed files (in check mode)
// or what was rewritten (otherwise).
type SyncResult struct {
	Pins     []Pin
	Changed  []string // digest files (base names) whose content differs or that are missing
	Stale    []string // digest files that no pin accounts for
	PinMoves []string // "pkg: 1.0.1 → 1.0.2" for each pin that moved or gained its integrity
	Events   int      // events extracted, all packages
}

// Differs reports whether anything is out of date.
func (r *SyncResult) Differs() bool {
	return len(r.Changed) > 0 || len(r.Stale) > 0 || len(r.PinMoves) > 0
}

// Sync brings the digests in line with the pins: for each pin it fetches
// the pinned version, verifies the tarball against the pinned integrity
// (and the registry's), extracts it and compares the digest with the file
// in Dir. Without Check it writes what differs, removes digests no pin
// accounts for, and rewrites the pins file if a pin moved.
func Sync(ctx context.Context, o SyncOptions) (*SyncResult, error) {
	if o.Client == nil {
		o.Client = NewClient()
	}
	if o.Jobs <= 0 {
		o.Jobs = 4
	}
	oldPins, err := os.ReadFile(o.Pins)
	if err != nil {
		return nil, err
	}
	pins, err := ParsePins(oldPins)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.Pins, err)
	}
	res := &SyncResult{Pins: pins}

	if o.Latest || anyUnpinned(pins) {
		for i := range pins {
			p := &pins[i]
			if !o.Latest && p.Version != "" && p.Integrity != "" {
				continue
			}
			v := p.Version
			if o.Latest || v == "" {
				v = "latest"
			}
			m, err := o.Client.Meta(ctx, p.Package, v)
			if err != nil {
				return nil, err
			}
			if m.Version != p.Version || m.Dist.Integrity != p.Integrity {
				res.PinMoves = append(res.PinMoves, fmt.Sprintf("%s: %s → %s", p.Package, orNone(p.Version), m.Version))
				p.Version, p.Integrity = m.Version, m.Dist.Integrity
			}
		}
	}

	digests := make([][]byte, len(pins))
	errs := make([]error, len(pins))
	events := make([]int, len(pins))
	var wg sync.WaitGroup
	sem := make(chan struct{}, o.Jobs)
	for i := range pins {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			digests[i], events[i], errs[i] = digestOf(ctx, o.Client, pins[i])
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	want := map[string]bool{}
	for i, p := range pins {
		name := DigestFile(p.Package)
		want[name] = true
		res.Events += events[i]
		have, err := os.ReadFile(filepath.Join(o.Dir, name))
		if err == nil && bytes.Equal(have, digests[i]) {
			continue
		}
		res.Changed = append(res.Changed, name)
		if !o.Check {
			if err := os.MkdirAll(o.Dir, 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(o.Dir, name), digests[i], 0o644); err != nil {
				return nil, err
			}
		}
	}
	entries, err := os.ReadDir(o.Dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !want[e.Name()] {
			res.Stale = append(res.Stale, e.Name())
			if !o.Check {
				if err := os.Remove(filepath.Join(o.Dir, e.Name())); err != nil {
					return nil, err
				}
			}
		}
	}
	sort.Strings(res.Changed)
	sort.Strings(res.Stale)

	newPins, err := MarshalPins(pins)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(newPins, oldPins) {
		if len(res.PinMoves) == 0 {
			res.PinMoves = append(res.PinMoves, filepath.Base(o.Pins)+": not in canonical order")
		}
		if !o.Check {
			if err := os.WriteFile(o.Pins, newPins, 0o644); err != nil {
				return nil, err
			}
		}
	}
	res.Pins = pins
	return res, nil
}

func anyUnpinned(pins []Pin) bool {
	for _, p := range pins {
		if p.Version == "" || p.Integrity == "" {
			return true
		}
	}
	return false
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// digestOf fetches, verifies and extracts one pinned package.
func digestOf(ctx context.Context, c *Client, p Pin) ([]byte, int, error) {
	tgz, m, err := c.FetchVerified(ctx, p.Package, p.Version, p.Integrity)
	if err != nil {
		return nil, 0, err
	}
	files, err := ReadTarball(tgz)
	if err != nil {
		return nil, 0, fmt.Errorf("%s@%s: %w", p.Package, p.Version, err)
	}
	pkg, err := Extract(files)
	if err != nil {
		return nil, 0, fmt.Errorf("%s@%s: %w", p.Package, p.Version, err)
	}
	if pkg.Name != p.Package || pkg.Version != p.Version {
		return nil, 0, fmt.Errorf("%s@%s: the tarball's package.json says %s@%s", p.Package, p.Version, pkg.Name, pkg.Version)
	}
	pkg.Integrity = m.Dist.Integrity
	data, err := MarshalDigest(pkg)
	return data, len(pkg.Events), err
}
