policy "p" {
    insutype  310
    有效期 2025-01-01
    source    "s"
}
