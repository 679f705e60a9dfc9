policy "p" {
    insutype 310
    source "s"
}
benefit 住院 {
    covers 普通住院
    ratio  bands { 0..20000: 50%, 20000～100000: 60%, 100000...: 70% }
}
