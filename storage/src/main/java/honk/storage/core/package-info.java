/**
 * The signed immutable core: an image format of files under one Ed25519 signature and a SHA-256
 * Merkle tree ({@link honk.storage.core.CoreImageWriter} makes one, {@link
 * honk.storage.core.CoreImage} verifies and reads one), the two image slots with anti-rollback
 * ({@link honk.storage.core.CoreSlots}) and the keys ({@link honk.storage.core.CoreKeys}). Pure
 * Java; runs on the host JVM, in tests and in honk itself.
 */
package honk.storage.core;
