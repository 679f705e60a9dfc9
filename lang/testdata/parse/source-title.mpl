policy "p" {
    insutype 310
    source by "某市医疗保障局"
}
