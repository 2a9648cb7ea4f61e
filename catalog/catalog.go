package catalog

// PLACEHOLDER so that dependent packages compile while the catalog is being
// built; the catalog engineer replaces this whole file.

// Catalog is the loaded event catalog. Immutable after Load; safe for
// concurrent use.
type Catalog struct {
	events  []*Event
	modules []*Module
}

func Default() *Catalog                                      { return &Catalog{} }
func Load(data []byte) (*Catalog, error)                     { return &Catalog{}, nil }
func (c *Catalog) Events() []*Event                          { return c.events }
func (c *Catalog) Modules() []*Module                        { return c.modules }
func (c *Catalog) Lookup(handler string) []*Event            { return nil }
func (c *Catalog) Module(name string) *Module                { return nil }
func (c *Catalog) ByPrefix(prefix string) []*Event           { return nil }
func (c *Catalog) HasPrefix(prefix string) bool              { return false }
func (c *Catalog) Suggest(name string) []Suggestion          { return nil }
func (c *Catalog) WithExtra(extra []Event) (*Catalog, error) { return c, nil }
func ClassifyNotEvent(name string) *NotEvent                 { return nil }
