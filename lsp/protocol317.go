package lsp

import "go.lsp.dev/protocol"

// Trap: go.lsp.dev/protocol v0.12.0 stops at LSP 3.16. The 3.17 fields the
// server needs are added by embedding the library's structs in these, so the
// JSON carries both the library's fields and ours.

// initializeResult is protocol.InitializeResult with 3.17 capabilities.
type initializeResult struct {
	Capabilities serverCapabilities   `json:"capabilities"`
	ServerInfo   *protocol.ServerInfo `json:"serverInfo,omitempty"`
}

// serverCapabilities adds positionEncoding (3.17): "utf-8" or "utf-16".
type serverCapabilities struct {
	protocol.ServerCapabilities
	PositionEncoding string `json:"positionEncoding,omitempty"`
}

// completionItem adds labelDetails (3.17).
type completionItem struct {
	protocol.CompletionItem
	LabelDetails *completionItemLabelDetails `json:"labelDetails,omitempty"`
}

// completionItemLabelDetails is shown beside the label: Detail right after
// it (no space added), Description further right.
type completionItemLabelDetails struct {
	Detail      string `json:"detail,omitempty"`
	Description string `json:"description,omitempty"`
}

// completionList is protocol.CompletionList over completionItem.
type completionList struct {
	IsIncomplete bool             `json:"isIncomplete"`
	Items        []completionItem `json:"items"`
}

// clientCaps is the part of the client's capabilities the server reads,
// decoded from the raw initialize params (3.17 fields included).
type clientCaps struct {
	General struct {
		PositionEncodings []string `json:"positionEncodings"`
	} `json:"general"`
	TextDocument struct {
		Completion struct {
			CompletionItem struct {
				SnippetSupport      bool     `json:"snippetSupport"`
				LabelDetailsSupport bool     `json:"labelDetailsSupport"`
				DocumentationFormat []string `json:"documentationFormat"`
				TagSupport          *struct {
					ValueSet []int `json:"valueSet"`
				} `json:"tagSupport"`
			} `json:"completionItem"`
		} `json:"completion"`
		Hover struct {
			ContentFormat []string `json:"contentFormat"`
		} `json:"hover"`
		DocumentSymbol struct {
			HierarchicalDocumentSymbolSupport bool `json:"hierarchicalDocumentSymbolSupport"`
		} `json:"documentSymbol"`
	} `json:"textDocument"`
	Workspace struct {
		DidChangeWatchedFiles struct {
			DynamicRegistration bool `json:"dynamicRegistration"`
		} `json:"didChangeWatchedFiles"`
		WorkspaceFolders bool `json:"workspaceFolders"`
	} `json:"workspace"`
}

// initializeParams is the part of the initialize params the server reads.
type initializeParams struct {
	RootURI  string `json:"rootUri"`
	RootPath string `json:"rootPath"`
	// InitializationOptions is any JSON value: clients send an object, and
	// Neovim sends an empty Lua table as [] (parseSettings accepts both).
	InitializationOptions interface{}                `json:"initializationOptions"`
	Capabilities          clientCaps                 `json:"capabilities"`
	WorkspaceFolders      []protocol.WorkspaceFolder `json:"workspaceFolders"`
}
