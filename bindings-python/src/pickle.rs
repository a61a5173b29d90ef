//! Pickling of the native classes (`Model`, `Event`, `Table`), and with it `copy.copy` and
//! `copy.deepcopy`, which use the same protocol: for multiprocessing, Dask or Ray.
//!
//! One mechanism for every class. An object reduces to its canonical form — the event log or the
//! state as the core's JSON, the event envelope as its JSON text, a table as its typed columns —
//! and `__reduce__` returns `(cls._from_canonical, (form,))`, so unpickling hands the form back to
//! the core, which decodes and checks it as any input, and rebuilds an equal object. No memory
//! layout and no pointer crosses a process; a form that does not decode raises the library's
//! error, as a bad log would.
//!
//! Each class implements [`Canonical`] and has two one-line methods calling [`reduce`] and
//! [`rebuild`] (pyo3 takes methods from one `#[pymethods]` block per class).

use crate::errors::guard;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;
use pyo3::PyClass;

/// A native class that is pickled as its canonical form and rebuilt from it through the core.
pub trait Canonical: PyClass + Into<PyClassInitializer<Self>> + Sized {
    /// The canonical form, of plain Python values (text, numbers, tuples, lists, dates).
    fn canonical<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>>;

    /// The object again from its canonical form, decoded and checked by the core.
    fn from_canonical(py: Python<'_>, form: &Bound<'_, PyAny>) -> PyResult<Self>;

    /// An instance of `cls`, a Python subclass of the native class, holding `value`. Only
    /// `Model` is subclassed (by `kooperacje.Model`); the other classes are final.
    fn into_subclass<'py>(cls: &Bound<'py, PyType>, value: Self) -> PyResult<Bound<'py, PyAny>> {
        let _ = value;
        Err(PyTypeError::new_err(format!(
            "cannot unpickle {}: not a subclass the library knows",
            cls.name()?
        )))
    }
}

/// `__reduce__`: `(type(obj)._from_canonical, (form,))`. The class is pickled by reference (its
/// module and name), so an instance of `kooperacje.Model` comes back as one.
pub fn reduce<'py, T: Canonical>(
    slf: &Bound<'py, T>,
) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
    let py = slf.py();
    guard(py, || {
        let rebuild = slf.as_any().get_type().getattr("_from_canonical")?;
        let form = slf.borrow().canonical(py)?;
        Ok((rebuild, (form,)))
    })
}

/// `_from_canonical` (a class method): the object of class `cls` rebuilt from its form.
pub fn rebuild<'py, T: Canonical>(
    cls: &Bound<'py, PyType>,
    form: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = cls.py();
    guard(py, || {
        let value = T::from_canonical(py, form)?;
        if cls.is(T::type_object(py)) {
            Ok(Bound::new(py, value)?.into_any())
        } else {
            T::into_subclass(cls, value)
        }
    })
}
