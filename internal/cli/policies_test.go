package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestShippedPoliciesListsEveryFile(t *testing.T) {
	list, err := ShippedPolicies()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) == 0 {
		t.Fatal("no shipped policies listed")
	}
	for _, p := range list {
		if p.Source == "" || p.Insutype == "" || p.Name == "" || !strings.HasPrefix(p.File, "policies/cn/") {
			t.Errorf("incomplete listing: %+v", p)
		}
	}
}

func TestPoliciesFilterAndJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := Main([]string{"policies", "--json", "南京"}, nil, &out, &errOut); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for _, l := range lines {
		var p PolicyInfo
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		if !strings.Contains(p.Name+p.File+p.Source, "南京") {
			t.Errorf("filter 南京 let through %+v", p)
		}
	}
	out.Reset()
	Main([]string{"policies", "no-such-region"}, nil, &out, &errOut)
	if got := strings.Count(out.String(), "\n"); got != 1 {
		t.Errorf("a filter matching nothing should print only the header, got:\n%s", out.String())
	}
}
