policy "p" {
    insutype  310
    effective 2025-01-01
    source    "s"
}
