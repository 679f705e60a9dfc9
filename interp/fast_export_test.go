package interp

// FastReason says why p settles nothing on the fast path; empty when it does.
func FastReason(p *Program) string { return p.fast.reason }

// FastKeys lists the accumulator keys p's fast path reads and writes.
func FastKeys(p *Program) []string { return p.fast.keys }
