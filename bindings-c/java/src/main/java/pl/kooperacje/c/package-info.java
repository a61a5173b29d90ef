/**
 * Java over the C interface of kooperacje ({@code libkooperacje_c.so}, header
 * {@code bindings-c/include/kooperacje.h}) through JNA: a thin wrapper that carries JSON text in
 * and out. {@link pl.kooperacje.c.Session} holds a session; {@link pl.kooperacje.c.Kooperacje}
 * has what needs none; failures are {@link pl.kooperacje.c.KooperacjeException}s, one subclass
 * per kind. The rules of the model are all the library's: nothing here decides anything.
 */
package pl.kooperacje.c;
