//! Build script: gives the Windows executable its icon and version information, so that it
//! looks like a real program in the Explorer and in Windows' prompts.

fn main() {
    println!("cargo:rerun-if-changed=assets/palabre.ico");
    println!("cargo:rerun-if-changed=locales");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = winresource::WindowsResource::new();
    // Cross-compiling from Linux: use MinGW's resource compiler.
    if std::env::var("HOST").is_ok_and(|h| !h.contains("windows")) {
        res.set_toolkit_path("/usr/bin");
        res.set_windres_path("x86_64-w64-mingw32-windres");
        res.set_ar_path("x86_64-w64-mingw32-ar");
    }
    res.set_icon("assets/palabre.ico")
        .set("ProductName", "Palabre")
        .set(
            "FileDescription",
            "Palabre — consultation publique en un seul fichier",
        )
        .set("CompanyName", "Palabre")
        .set("LegalCopyright", "Licence MIT")
        .set("OriginalFilename", "palabre.exe")
        .set_language(0x040c); // French (France)
    if let Err(e) = res.compile() {
        // Without the resource the program still works; say why it has no icon.
        println!("cargo:warning=Windows resources not embedded: {e}");
    }
}
