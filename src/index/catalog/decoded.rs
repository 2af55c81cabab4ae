//! A program read from the index together with its JSON, written once when it is
//! decoded, so the API copies text instead of serializing the program per request.

use std::sync::Arc;

use serde::Serialize;

use crate::index::IndexError;
use crate::model::Program;

/// A program read from the index with its JSON, written once when it is decoded:
/// the API then copies the text instead of serializing the program per request.
#[derive(Debug)]
pub struct DecodedProgram {
    program: Program,
    json: Box<serde_json::value::RawValue>,
}

impl DecodedProgram {
    /// A program changed after it was read (a live listing laid over it), with its
    /// JSON written anew.
    pub fn with_program(program: Program) -> Result<Arc<DecodedProgram>, IndexError> {
        DecodedProgram::new(program).map(Arc::new)
    }

    pub(in crate::index) fn new(program: Program) -> Result<DecodedProgram, IndexError> {
        let json = serde_json::value::to_raw_value(&program).map_err(|e| {
            IndexError::Corrupt(format!("program {} not writable: {e}", program.id))
        })?;
        Ok(DecodedProgram { program, json })
    }

    /// The program itself, without copying it when this is the last holder.
    pub fn into_program(self: Arc<Self>) -> Program {
        Arc::try_unwrap(self).map_or_else(|shared| shared.program.clone(), |own| own.program)
    }
}

impl std::ops::Deref for DecodedProgram {
    type Target = Program;

    fn deref(&self) -> &Program {
        &self.program
    }
}

impl Serialize for DecodedProgram {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json.serialize(serializer)
    }
}
