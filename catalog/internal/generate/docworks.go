package generate

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The DocWorks service files (see ../shared/velo-docs/README.md). Only the
// parts the catalog needs are decoded.

type service struct {
	Name     string      `json:"name"`
	MemberOf string      `json:"memberOf"`
	ClientID string      `json:"clientId"`
	Docs     docs        `json:"docs"`
	Ops      []operation `json:"operations"`
	Messages []message   `json:"messages"`

	file string // path relative to the docs root
}

// fullName is the qualified name references use: "wix-billing-backend.Invoices".
func (s *service) fullName() string {
	if s.MemberOf == "" {
		return s.Name
	}
	return s.MemberOf + "." + s.Name
}

type docs struct {
	Summary     string    `json:"summary"`
	Description []string  `json:"description"`
	Examples    []example `json:"examples"`
}

func (d docs) text() string {
	return d.Summary + "\n" + strings.Join(d.Description, "\n")
}

type example struct {
	Title string   `json:"title"`
	Body  []string `json:"body"`
}

type label struct {
	ID string `json:"id"`
}

type operation struct {
	Name         string  `json:"name"`
	Params       []param `json:"params"`
	Docs         docs    `json:"docs"`
	IsVeloEvent  bool    `json:"isVeloEvent"`
	SyntaxName   string  `json:"syntaxName"`
	CustomLabels []label `json:"customLabels"`
	Labels       []any   `json:"labels"`
}

type param struct {
	Name string          `json:"name"`
	Type json.RawMessage `json:"type"`
}

type message struct {
	Name    string   `json:"name"`
	Members []member `json:"members"`
}

type member struct {
	Name     string          `json:"name"`
	Type     json.RawMessage `json:"type"`
	Optional bool            `json:"optional"`
}

// corpus is every service file under the docs root, indexed.
type corpus struct {
	services []*service
	events   []*service          // the Events services, sorted by file
	messages map[string]*message // "wix-billing-backend.Invoices.Invoice" → message
	byModule map[string][]string // "wix-stores-backend|Order" → qualified names, for two-part references
	hooks    []string            // data hook names from wix-data-hooks
	// pin and date say which snapshot this is, from the tree's README
	// ("commit `<sha>` (YYYY-MM-DD)"); empty when it does not say.
	pin, date string
}

func readCorpus(fsys fs.FS) (*corpus, error) {
	c := &corpus{messages: map[string]*message{}, byModule: map[string][]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".service.json") {
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		s := &service{file: p}
		if err := json.Unmarshal(b, s); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		c.services = append(c.services, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(c.services, func(i, j int) bool { return c.services[i].file < c.services[j].file })
	for _, s := range c.services {
		full := s.fullName()
		mod := strings.SplitN(full, ".", 2)[0]
		for i := range s.Messages {
			m := &s.Messages[i]
			q := full + "." + m.Name
			if _, dup := c.messages[q]; !dup {
				c.messages[q] = m
			}
			k := mod + "|" + m.Name
			c.byModule[k] = append(c.byModule[k], q)
		}
		if s.Name == "Events" && path.Base(s.file) == "Events.service.json" {
			c.events = append(c.events, s)
		}
		if s.Name == "wix-data-hooks" {
			for _, op := range s.Ops {
				c.hooks = append(c.hooks, op.Name)
			}
		}
	}
	sort.Strings(c.hooks)
	if b, err := fs.ReadFile(fsys, "README.md"); err == nil {
		c.pin, c.date = snapshotPin(string(b))
	}
	if len(c.events) == 0 {
		return nil, fmt.Errorf("no Events.service.json found: is this the velo-docs folder?")
	}
	return c, nil
}

// resolve finds the message a qualified reference names. A two-part
// reference ("wix-stores-backend.Order") is looked up in every service of the
// module when it names exactly one message.
func (c *corpus) resolve(ref string) (*message, string) {
	if m, ok := c.messages[ref]; ok {
		return m, ref
	}
	parts := strings.Split(ref, ".")
	if len(parts) < 2 {
		return nil, ""
	}
	cands := c.byModule[parts[0]+"|"+parts[len(parts)-1]]
	if len(cands) == 1 {
		return c.messages[cands[0]], cands[0]
	}
	return nil, ""
}

// snapshotPin reads "commit `<sha>` (YYYY-MM-DD)" from the snapshot's
// README: the commit it was copied from and that commit's date.
func snapshotPin(readme string) (pin, date string) {
	i := strings.Index(readme, "commit `")
	if i < 0 {
		return "", ""
	}
	rest := readme[i+len("commit `"):]
	j := strings.IndexByte(rest, '`')
	if j < 0 {
		return "", ""
	}
	sha := rest[:j]
	rest = rest[j+1:]
	if k := strings.Index(rest, "("); k >= 0 && k < 4 && len(rest) >= k+11 && dateLike(rest[k+1:k+11]) {
		date = rest[k+1 : k+11]
	}
	if len(sha) > 12 {
		sha = sha[:12]
	}
	pin = "commit " + sha
	if date != "" {
		pin += " of " + date
	}
	return pin, date
}
