/**
 * The wire encodings of the sync protocol: {@link org.fieldsync.client.json.Canonical} JSON (what is signed, hashed
 * and authenticated) and {@link org.fieldsync.client.json.Base64Url}, the one binary-to-text encoding.
 */
package org.fieldsync.client.json;
