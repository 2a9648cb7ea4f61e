// Command sdkpin keeps the pinned @wix/auto_sdk_* typings and their digests
// in step (see catalog/internal/sdk):
//
//	go run ./catalog/internal/sdk/cmd/sdkpin           # fetch each pinned version, verify, extract, write its digest
//	go run ./catalog/internal/sdk/cmd/sdkpin -check    # the same, writing nothing; exit 1 listing what differs
//	go run ./catalog/internal/sdk/cmd/sdkpin -latest   # move every pin to the registry's latest version, then refresh
//
// The registry is npm_config_registry, or the registry an .npmrc names,
// or https://registry.npmjs.org/. Paths are relative to the working
// directory (the repository root by default).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/velo-lsp/velo-lsp/catalog/internal/sdk"
)

func main() {
	pins := flag.String("pins", "catalog/sources/sdk.json", "pins file")
	dir := flag.String("dir", "catalog/sources/sdk", "digests folder")
	check := flag.Bool("check", false, "write nothing; exit 1 if any digest or pin differs")
	latest := flag.Bool("latest", false, "move every pin to the registry's latest version first")
	jobs := flag.Int("j", 4, "packages fetched at once")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := sdk.Sync(ctx, sdk.SyncOptions{Pins: *pins, Dir: *dir, Check: *check, Latest: *latest, Jobs: *jobs})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sdkpin:", err)
		os.Exit(2)
	}
	verb := "wrote"
	if *check {
		verb = "differs"
	}
	for _, m := range res.PinMoves {
		fmt.Fprintln(os.Stderr, "pin", m)
	}
	for _, c := range res.Changed {
		fmt.Fprintf(os.Stderr, "%s: %s\n", verb, c)
	}
	for _, s := range res.Stale {
		if *check {
			fmt.Fprintf(os.Stderr, "stale (no pin): %s\n", s)
		} else {
			fmt.Fprintf(os.Stderr, "removed (no pin): %s\n", s)
		}
	}
	fmt.Fprintf(os.Stderr, "sdkpin: %d packages, %d events\n", len(res.Pins), res.Events)
	if *check && res.Differs() {
		os.Exit(1)
	}
}
