// The questions of the search-quality benchmark. Each names the fact (a case-insensitive regex)
// that a cited passage must hold for the answer to count. Facts were read from the documents as
// this machine image ships them: the Cargo Book of the stable Rust toolchain, two PDF manuals from
// /usr/share/doc and Ubuntu's release table from distro-info-data.

export type Corpus = 'cargo' | 'mime-pdf' | 'tasn1-pdf' | 'ubuntu-csv';
export type Question = { corpus: Corpus; q: string; fact: RegExp };

const cargo = (q: string, fact: RegExp): Question => ({ corpus: 'cargo', q, fact });

export const QUESTIONS: Question[] = [
  cargo('How many keywords does crates.io allow for a package?', /maximum of 5 keywords/i),
  cargo(
    'What is the maximum number of features a new crate version on crates.io may have?',
    /maximum of 300 features/i,
  ),
  cargo(
    'Where does Cargo keep its registry index cache and git checkouts by default?',
    /\$HOME\/\.cargo/i,
  ),
  cargo(
    'What is the default executable file of a Cargo package?',
    /default executable file is src\/main\.rs/i,
  ),
  cargo('How do I disable the libtest harness for a test target?', /harness = false/i),
  cargo(
    'Which flag builds a package whose rust-version is newer than my toolchain?',
    /--ignore-rust-version/i,
  ),
  cargo(
    'Which environment variable changes the location of the Cargo home?',
    /CARGO_HOME environmental variable/i,
  ),
  cargo(
    'Does crates.io accept bare * wildcard version requirements?',
    /does not allow bare \* versions/i,
  ),
  cargo('What does the codegen-units profile setting control?', /code generation units/i),
  cargo('What is a Cargo workspace?', /collection of one or more packages/i),
  cargo(
    'What does default-members mean in a workspace?',
    /operate on when a specific package wasn.t selected/i,
  ),
  cargo(
    'Which remote registry protocols does Cargo support?',
    /two remote registry protocols: git and sparse/i,
  ),
  cargo(
    'Are Cargo features enabled by default?',
    /all features are disabled unless explicitly enabled/i,
  ),
  cargo(
    'What does the edition key in the manifest affect?',
    /affects which Rust Edition your package is compiled with/i,
  ),
  cargo(
    'What is the purpose of the Cargo.lock lockfile?',
    /state of the world at the time of a successful build/i,
  ),
  cargo(
    'What does the package.links manifest key declare?',
    /links with the given native library/i,
  ),
  cargo(
    'Which environment variable sets the directory for generated artifacts?',
    /CARGO_TARGET_DIR environment variable/i,
  ),
  cargo(
    'What does the cargo::rerun-if-changed instruction do?',
    /rerun-if-changed=PATH — Tells Cargo when to re-run/i,
  ),
  cargo('Which rustc flag does the opt-level setting control?', /controls the -C opt-level flag/i),
  cargo(
    'What happens on overflow when overflow-checks are enabled?',
    /a panic will occur on overflow/i,
  ),
  cargo(
    'What does cargo yank do to a published version?',
    /removes a previously published crate.s version/i,
  ),
  cargo(
    'How are the dependencies in the [patch] section used?',
    /resolved and used to patch the source at the URL specified/i,
  ),
  cargo(
    'Does Cargo clean OUT_DIR between builds?',
    /does not clean or reset OUT_DIR between builds/i,
  ),
  cargo('What does cargo vendor do?', /Vendor all dependencies/i),
  cargo(
    'Where do I put a build script in a package?',
    /file named build\.rs in the root of a package/i,
  ),
  cargo(
    'Are dev-dependencies used when building a package?',
    /Dev-dependencies are not used when compiling a package for building/i,
  ),
  cargo('How do I stop cargo new from creating a git repository?', /pass --vcs none/i),
  cargo(
    'Which cargo tree option shows dependencies that come in multiple versions?',
    /only dependencies which come in multiple versions/i,
  ),
  cargo('What does the panic profile setting choose?', /which panic strategy to use/i),
  cargo('What does CARGO_INCREMENTAL=1 do?', /force incremental compilation to be enabled/i),
  {
    corpus: 'mime-pdf',
    q: 'What is the default glob weight in the shared MIME-info database?',
    fact: /default weight value is\s+50/i,
  },
  {
    corpus: 'mime-pdf',
    q: 'Which command must an application run after installing its MIME package XML file?',
    fact: /MUST run the update-mime-database command/i,
  },
  {
    corpus: 'mime-pdf',
    q: 'What magic string does the MIME magic file start with?',
    fact: /starts with the magic string "MIME-Magic/i,
  },
  {
    corpus: 'mime-pdf',
    q: 'Must applications match MIME globs case-insensitively?',
    fact: /MUST match globs case-insensitively/i,
  },
  {
    corpus: 'tasn1-pdf',
    q: 'What is the header file of the libtasn1 library?',
    fact: /header file of this library is libtasn1\.h/i,
  },
  {
    corpus: 'tasn1-pdf',
    q: 'Does libtasn1 handle the ASN.1 REAL type?',
    fact: /doesn.t handle the REAL type/i,
  },
  {
    corpus: 'tasn1-pdf',
    q: 'What does asn1Coding generate?',
    fact: /asn1Coding generates a DER encoding/i,
  },
  {
    corpus: 'tasn1-pdf',
    q: 'Is the libtasn1 ASN.1 parser case sensitive?',
    fact: /parser is case sensitive/i,
  },
  {
    corpus: 'ubuntu-csv',
    q: 'Which Ubuntu release is codenamed Jammy Jellyfish?',
    fact: /22\.04 LTS,Jammy Jellyfish/i,
  },
  {
    corpus: 'ubuntu-csv',
    q: 'When was Ubuntu Warty Warthog released?',
    fact: /Warty Warthog,warty,2004-03-05,2004-10-20/i,
  },
  {
    corpus: 'ubuntu-csv',
    q: 'What is the codename of Ubuntu 18.04 LTS?',
    fact: /18\.04 LTS,Bionic Beaver/i,
  },
];
