//! Prints the decoded contents of a .beam file (a debugging aid for the compiler).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        match ferl_beam::read(&bytes) {
            Ok(file) => {
                println!("atoms: {:?}", file.atoms);
                println!("imports: {:?}", file.imports);
                println!("exports: {:?}", file.exports);
                println!("locals: {:?}", file.locals);
                println!("lambdas: {:?}", file.lambdas);
                println!("strings: {:?}", file.strings);
                println!("lines: {:?}", file.lines);
                println!("literals: {:?}", file.literals);
                println!("attributes: {:?}", file.attributes);
                println!("cinf: {:?}", file.compile_info);
                println!("header: {:?}", file.code_header);
                print!("{}", ferl_beam::disasm::disassemble(&file));
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
