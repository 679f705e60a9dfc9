policy "p" {
    insutype  310
    source    "s" year 2025 by "某局"
}
