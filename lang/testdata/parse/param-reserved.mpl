policy "p" {
    insutype 310
    source "s"
}
param 起付线 = ¥1500
