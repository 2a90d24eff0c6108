// The comparison bundle of bench/size: livekit-client and lit in full, as a plain page would load them.
export * from 'livekit-client';
export * from 'lit';
