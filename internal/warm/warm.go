package warm

import (
	_ "github.com/evanw/esbuild/pkg/api"
	_ "github.com/smacker/go-tree-sitter"
	_ "github.com/smacker/go-tree-sitter/javascript"
	_ "github.com/smacker/go-tree-sitter/typescript/typescript"
	_ "github.com/smacker/go-tree-sitter/typescript/tsx"
	_ "go.lsp.dev/protocol"
	_ "go.lsp.dev/jsonrpc2"
	_ "go.uber.org/zap"
	_ "golang.org/x/tools/txtar"
)
