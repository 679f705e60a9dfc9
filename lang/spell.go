package lang

import (
	"strings"
	"unicode/utf8"
)

// nearest returns the candidate closest to name by edit distance, if it is
// close enough to be a plausible typo (for `did you mean …?` hints).
func nearest(name string, candidates []string) string {
	best, bestDist := "", -1
	n := utf8.RuneCountInString(name)
	for _, c := range candidates {
		d := editDistance(name, c)
		limit := 1 + n/3
		if d > limit {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// didYouMean formats a hint for the nearest candidate, or "" when none is near.
func didYouMean(name string, candidates []string) string {
	if c := nearest(name, candidates); c != "" && c != name {
		return `did you mean "` + c + `"?`
	}
	return ""
}

// Suggest returns the candidate nearest to name, or "" when none is close:
// the basis of every `did you mean` hint, for other packages too.
func Suggest(name string, candidates []string) string {
	// A label typed with a stray space ("在 职") is the commonest slip.
	squeezed := strings.Join(strings.Fields(name), "")
	for _, c := range candidates {
		if c == squeezed && c != name {
			return c
		}
	}
	return nearest(name, candidates)
}
