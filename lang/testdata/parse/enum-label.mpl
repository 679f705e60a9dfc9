policy "p" {
    insutype 310
    source "s"
}
enum psn_type {
    在职 = 1101
    是 = 1201
}
