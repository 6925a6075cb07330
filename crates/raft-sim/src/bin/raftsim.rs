fn main() {
    eprintln!("raftsim: not yet implemented");
    std::process::exit(2);
}
