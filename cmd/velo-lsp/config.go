package main

import (
	"fmt"

	"github.com/velo-lsp/velo-lsp/analyzer"
	"github.com/velo-lsp/velo-lsp/analyzer/config"
)

// loadConfig returns the configuration for a checked root: the file given
// by --config, else .velo-lsp.json found by walking up from root (the
// language server reads the same file the same way, so both judge alike).
func loadConfig(explicit, root string) (analyzer.Config, error) {
	var cfg analyzer.Config
	var f *config.File
	var err error
	if explicit != "" {
		f, err = config.Load(explicit)
	} else {
		f, err = config.FindAndLoad(root)
	}
	if err != nil {
		return cfg, err
	}
	if f == nil {
		return cfg, nil
	}
	if err := f.Apply(&cfg, analyzer.Rules()); err != nil {
		return cfg, fmt.Errorf("%v", err)
	}
	return cfg, nil
}
