policy "p" {
    insutype 310
    source "s"
}
account {
    spend  current
    credit when age < 35
}
