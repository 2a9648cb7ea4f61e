package lsp

import (
	"context"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
)

// base implements every method of protocol.Server by answering
// MethodNotFound. Server embeds it and overrides what it supports.
//
// Trap: protocol.Server has some sixty methods and the library offers no
// unimplemented base. Embedding a nil protocol.Server compiles, and then any
// method not overridden (and any method the library does not know, which it
// hands to Request) dereferences nil and kills the process. With base, such
// requests get a MethodNotFound error reply and the server goes on.
type base struct{}

var _ protocol.Server = base{}

// notFound is the error every unimplemented method returns.
func notFound(method string) error {
	return jsonrpc2.Errorf(jsonrpc2.MethodNotFound, "method not found: %s is not implemented by velo-lsp", method)
}

func (base) Initialize(_ context.Context, _ *protocol.InitializeParams) (result *protocol.InitializeResult, err error) {
	return nil, notFound("Initialize")
}

func (base) Initialized(_ context.Context, _ *protocol.InitializedParams) (err error) {
	return notFound("Initialized")
}

func (base) Shutdown(_ context.Context) (err error) {
	return notFound("Shutdown")
}

func (base) Exit(_ context.Context) (err error) {
	return notFound("Exit")
}

func (base) WorkDoneProgressCancel(_ context.Context, _ *protocol.WorkDoneProgressCancelParams) (err error) {
	return notFound("WorkDoneProgressCancel")
}

func (base) LogTrace(_ context.Context, _ *protocol.LogTraceParams) (err error) {
	return notFound("LogTrace")
}

func (base) SetTrace(_ context.Context, _ *protocol.SetTraceParams) (err error) {
	return notFound("SetTrace")
}

func (base) CodeAction(_ context.Context, _ *protocol.CodeActionParams) (result []protocol.CodeAction, err error) {
	return nil, notFound("CodeAction")
}

func (base) CodeLens(_ context.Context, _ *protocol.CodeLensParams) (result []protocol.CodeLens, err error) {
	return nil, notFound("CodeLens")
}

func (base) CodeLensResolve(_ context.Context, _ *protocol.CodeLens) (result *protocol.CodeLens, err error) {
	return nil, notFound("CodeLensResolve")
}

func (base) ColorPresentation(_ context.Context, _ *protocol.ColorPresentationParams) (result []protocol.ColorPresentation, err error) {
	return nil, notFound("ColorPresentation")
}

func (base) Completion(_ context.Context, _ *protocol.CompletionParams) (result *protocol.CompletionList, err error) {
	return nil, notFound("Completion")
}

func (base) CompletionResolve(_ context.Context, _ *protocol.CompletionItem) (result *protocol.CompletionItem, err error) {
	return nil, notFound("CompletionResolve")
}

func (base) Declaration(_ context.Context, _ *protocol.DeclarationParams) (result []protocol.Location, err error) {
	return nil, notFound("Declaration")
}

func (base) Definition(_ context.Context, _ *protocol.DefinitionParams) (result []protocol.Location, err error) {
	return nil, notFound("Definition")
}

func (base) DidChange(_ context.Context, _ *protocol.DidChangeTextDocumentParams) (err error) {
	return notFound("DidChange")
}

func (base) DidChangeConfiguration(_ context.Context, _ *protocol.DidChangeConfigurationParams) (err error) {
	return notFound("DidChangeConfiguration")
}

func (base) DidChangeWatchedFiles(_ context.Context, _ *protocol.DidChangeWatchedFilesParams) (err error) {
	return notFound("DidChangeWatchedFiles")
}

func (base) DidChangeWorkspaceFolders(_ context.Context, _ *protocol.DidChangeWorkspaceFoldersParams) (err error) {
	return notFound("DidChangeWorkspaceFolders")
}

func (base) DidClose(_ context.Context, _ *protocol.DidCloseTextDocumentParams) (err error) {
	return notFound("DidClose")
}

func (base) DidOpen(_ context.Context, _ *protocol.DidOpenTextDocumentParams) (err error) {
	return notFound("DidOpen")
}

func (base) DidSave(_ context.Context, _ *protocol.DidSaveTextDocumentParams) (err error) {
	return notFound("DidSave")
}

func (base) DocumentColor(_ context.Context, _ *protocol.DocumentColorParams) (result []protocol.ColorInformation, err error) {
	return nil, notFound("DocumentColor")
}

func (base) DocumentHighlight(_ context.Context, _ *protocol.DocumentHighlightParams) (result []protocol.DocumentHighlight, err error) {
	return nil, notFound("DocumentHighlight")
}

func (base) DocumentLink(_ context.Context, _ *protocol.DocumentLinkParams) (result []protocol.DocumentLink, err error) {
	return nil, notFound("DocumentLink")
}

func (base) DocumentLinkResolve(_ context.Context, _ *protocol.DocumentLink) (result *protocol.DocumentLink, err error) {
	return nil, notFound("DocumentLinkResolve")
}

func (base) DocumentSymbol(_ context.Context, _ *protocol.DocumentSymbolParams) (result []interface{}, err error) {
	return nil, notFound("DocumentSymbol")
}

func (base) ExecuteCommand(_ context.Context, _ *protocol.ExecuteCommandParams) (result interface{}, err error) {
	return nil, notFound("ExecuteCommand")
}

func (base) FoldingRanges(_ context.Context, _ *protocol.FoldingRangeParams) (result []protocol.FoldingRange, err error) {
	return nil, notFound("FoldingRanges")
}

func (base) Formatting(_ context.Context, _ *protocol.DocumentFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, notFound("Formatting")
}

func (base) Hover(_ context.Context, _ *protocol.HoverParams) (result *protocol.Hover, err error) {
	return nil, notFound("Hover")
}

func (base) Implementation(_ context.Context, _ *protocol.ImplementationParams) (result []protocol.Location, err error) {
	return nil, notFound("Implementation")
}

func (base) OnTypeFormatting(_ context.Context, _ *protocol.DocumentOnTypeFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, notFound("OnTypeFormatting")
}

func (base) PrepareRename(_ context.Context, _ *protocol.PrepareRenameParams) (result *protocol.Range, err error) {
	return nil, notFound("PrepareRename")
}

func (base) RangeFormatting(_ context.Context, _ *protocol.DocumentRangeFormattingParams) (result []protocol.TextEdit, err error) {
	return nil, notFound("RangeFormatting")
}

func (base) References(_ context.Context, _ *protocol.ReferenceParams) (result []protocol.Location, err error) {
	return nil, notFound("References")
}

func (base) Rename(_ context.Context, _ *protocol.RenameParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, notFound("Rename")
}

func (base) SignatureHelp(_ context.Context, _ *protocol.SignatureHelpParams) (result *protocol.SignatureHelp, err error) {
	return nil, notFound("SignatureHelp")
}

func (base) Symbols(_ context.Context, _ *protocol.WorkspaceSymbolParams) (result []protocol.SymbolInformation, err error) {
	return nil, notFound("Symbols")
}

func (base) TypeDefinition(_ context.Context, _ *protocol.TypeDefinitionParams) (result []protocol.Location, err error) {
	return nil, notFound("TypeDefinition")
}

func (base) WillSave(_ context.Context, _ *protocol.WillSaveTextDocumentParams) (err error) {
	return notFound("WillSave")
}

func (base) WillSaveWaitUntil(_ context.Context, _ *protocol.WillSaveTextDocumentParams) (result []protocol.TextEdit, err error) {
	return nil, notFound("WillSaveWaitUntil")
}

func (base) ShowDocument(_ context.Context, _ *protocol.ShowDocumentParams) (result *protocol.ShowDocumentResult, err error) {
	return nil, notFound("ShowDocument")
}

func (base) WillCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, notFound("WillCreateFiles")
}

func (base) DidCreateFiles(_ context.Context, _ *protocol.CreateFilesParams) (err error) {
	return notFound("DidCreateFiles")
}

func (base) WillRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, notFound("WillRenameFiles")
}

func (base) DidRenameFiles(_ context.Context, _ *protocol.RenameFilesParams) (err error) {
	return notFound("DidRenameFiles")
}

func (base) WillDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) (result *protocol.WorkspaceEdit, err error) {
	return nil, notFound("WillDeleteFiles")
}

func (base) DidDeleteFiles(_ context.Context, _ *protocol.DeleteFilesParams) (err error) {
	return notFound("DidDeleteFiles")
}

func (base) CodeLensRefresh(_ context.Context) (err error) {
	return notFound("CodeLensRefresh")
}

func (base) PrepareCallHierarchy(_ context.Context, _ *protocol.CallHierarchyPrepareParams) (result []protocol.CallHierarchyItem, err error) {
	return nil, notFound("PrepareCallHierarchy")
}

func (base) IncomingCalls(_ context.Context, _ *protocol.CallHierarchyIncomingCallsParams) (result []protocol.CallHierarchyIncomingCall, err error) {
	return nil, notFound("IncomingCalls")
}

func (base) OutgoingCalls(_ context.Context, _ *protocol.CallHierarchyOutgoingCallsParams) (result []protocol.CallHierarchyOutgoingCall, err error) {
	return nil, notFound("OutgoingCalls")
}

func (base) SemanticTokensFull(_ context.Context, _ *protocol.SemanticTokensParams) (result *protocol.SemanticTokens, err error) {
	return nil, notFound("SemanticTokensFull")
}

func (base) SemanticTokensFullDelta(_ context.Context, _ *protocol.SemanticTokensDeltaParams) (result interface{}, err error) {
	return nil, notFound("SemanticTokensFullDelta")
}

func (base) SemanticTokensRange(_ context.Context, _ *protocol.SemanticTokensRangeParams) (result *protocol.SemanticTokens, err error) {
	return nil, notFound("SemanticTokensRange")
}

func (base) SemanticTokensRefresh(_ context.Context) (err error) {
	return notFound("SemanticTokensRefresh")
}

func (base) LinkedEditingRange(_ context.Context, _ *protocol.LinkedEditingRangeParams) (result *protocol.LinkedEditingRanges, err error) {
	return nil, notFound("LinkedEditingRange")
}

func (base) Moniker(_ context.Context, _ *protocol.MonikerParams) (result []protocol.Moniker, err error) {
	return nil, notFound("Moniker")
}

// Request receives methods the library does not know.
func (base) Request(_ context.Context, method string, _ interface{}) (result interface{}, err error) {
	return nil, notFound(method)
}
