policy "p" {
    insutype  310
    effective 2025-01-01 to
    source    "s"
}
